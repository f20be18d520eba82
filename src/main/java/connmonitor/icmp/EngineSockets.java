package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.net.Inet6Address;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The sockets of one engine, opened and closed together: ICMP per family (raw, or unprivileged ping
 * sockets) and the raw UDP and TCP sockets of {@code proto=} probes. Says which socket a request leaves
 * from and why a family or transport has none.
 */
final class EngineSockets {

    final IcmpSocket v4;
    final IcmpSocket v6;
    final TransportSockets transports;

    /** Never fails for lack of privilege: a socket that could not be opened says why ({@link IcmpSocket#failure}). */
    EngineSockets(Arena arena, Libc.CallState state, boolean allowRaw) {
        v4 = IcmpSocket.open(Family.V4, arena, state, allowRaw);
        v6 = IcmpSocket.open(Family.V6, arena, state, allowRaw);
        transports = new TransportSockets(arena, state, allowRaw);
    }

    IcmpSocket icmp(boolean ipv6) {
        return ipv6 ? v6 : v4;
    }

    /** True when a family fell back to a ping socket, whose kernel picks the identifier. */
    boolean anyDatagram() {
        return v4.mode == SocketMode.DATAGRAM || v6.mode == SocketMode.DATAGRAM;
    }

    /**
     * Lets the raw ICMP sockets take in only replies to these identifiers. Done even for an engine alone: a
     * raw socket gets a copy of every echo reply of the machine, so another program's flood fills it while
     * the engine thread waits for a CPU, and the kernel drops our replies too.
     */
    void filterIdentifiers(int base, int count, Arena arena, Libc.CallState state) {
        for (IcmpSocket socket : new IcmpSocket[] {v4, v6}) {
            if (socket.mode == SocketMode.RAW) {
                IdentifierFilter.attach(socket, base, count, arena, state);
            }
        }
    }

    /** The socket a request's packets leave from. */
    IcmpSocket of(ProbeRequest request) {
        boolean ipv6 = request.destination() instanceof Inet6Address;
        return request.transport() == Transport.ICMP ? icmp(ipv6) : transports.socket(request.transport(), ipv6);
    }

    /**
     * Why probes of this transport cannot go to this family, or null when they can. UDP and TCP need raw
     * sockets for the probes and a raw ICMP socket for their answers (root or CAP_NET_RAW).
     */
    String unavailableReason(boolean ipv6, Transport transport) {
        if (transport == Transport.ICMP) {
            return icmp(ipv6).failure;
        }
        String failure = transports.socket(transport, ipv6).failure;
        if (failure == null && icmp(ipv6).mode != SocketMode.RAW) {
            return (ipv6 ? Family.V6 : Family.V4).label() + " " + transport.name()
                    + " probes need a raw ICMP socket for their answers (root or CAP_NET_RAW)";
        }
        return failure;
    }

    /** This family's open sockets (ICMP, raw UDP and TCP), whose kernel drop counts {@link SocketDrops} reads. */
    IntStream fds(boolean ipv6) {
        return Stream.of(icmp(ipv6), transports.socket(Transport.UDP, ipv6), transports.socket(Transport.TCP, ipv6))
                .filter(IcmpSocket::usable).mapToInt(socket -> socket.fd);
    }

    void close() {
        v4.close();
        v6.close();
        transports.close();
    }
}
