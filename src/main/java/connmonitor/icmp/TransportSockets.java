package connmonitor.icmp;

import java.lang.foreign.Arena;

/**
 * The raw UDP and TCP sockets of proto=udp|tcp, one per family and protocol, shared by every host
 * like the ICMP ones. Each is unavailable, with its reason, when the process may not open raw sockets.
 */
final class TransportSockets implements AutoCloseable {

    final IcmpSocket udp4;
    final IcmpSocket udp6;
    final IcmpSocket tcp4;
    final IcmpSocket tcp6;

    TransportSockets(Arena arena, Libc.CallState state, boolean allowRaw) {
        udp4 = IcmpSocket.openTransport(Family.V4, Transport.UDP, arena, state, allowRaw);
        udp6 = IcmpSocket.openTransport(Family.V6, Transport.UDP, arena, state, allowRaw);
        tcp4 = IcmpSocket.openTransport(Family.V4, Transport.TCP, arena, state, allowRaw);
        tcp6 = IcmpSocket.openTransport(Family.V6, Transport.TCP, arena, state, allowRaw);
    }

    /** The socket for this transport; ICMP is not here. */
    IcmpSocket socket(Transport transport, boolean ipv6) {
        return transport == Transport.TCP ? (ipv6 ? tcp6 : tcp4) : (ipv6 ? udp6 : udp4);
    }

    @Override
    public void close() {
        udp4.close();
        udp6.close();
        tcp4.close();
        tcp6.close();
    }
}
