package connmonitor.icmp;

import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;


/**
 * A request being sent, packet by packet as the pacer allows: where it goes, in the forms the socket
 * and the reply matching need, worked out once per request rather than once per packet.
 */
final class Outgoing {

    final ProbeRequest request;
    final IcmpSocket socket;
    private final byte[] destination;
    private final int scope;
    /** The destination as two big-endian longs, as {@link Reply} carries a reply's target. */
    final long high;
    final long low;
    /** UDP and TCP probes: the local address they leave from (as {@link #high}/{@link #low}) and port. */
    long sourceHigh;
    long sourceLow;
    int sourcePort;
    /** Which packet of the request goes next. */
    int next;
    /** When (System.nanoTime) the engine took the request: how long it waits for its turn shows. */
    final long acceptedNanos;

    Outgoing(ProbeRequest request, IcmpSocket socket, long acceptedNanos) {
        this.acceptedNanos = acceptedNanos;
        this.request = request;
        this.socket = socket;
        this.destination = request.destination().getAddress();
        this.scope = request.destination() instanceof Inet6Address v6 ? v6.getScopeId() : 0;
        long h = 0;
        long l = 0;
        if (destination.length == 16) {
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (destination[i] & 0xff);
                l = (l << 8) | (destination[i + 8] & 0xff);
            }
        } else {
            for (byte b : destination) {
                l = (l << 8) | (b & 0xff);
            }
        }
        this.high = h;
        this.low = l;
    }

    /** Writes the destination as a sockaddr_in or sockaddr_in6; returns its length. */
    int writeAddress(MemorySegment address) {
        return SocketAddress.write(address, destination, 0, scope);
    }

    /** True once every packet of the request has been handed to the socket (or failed). */
    boolean done() {
        return next == request.count();
    }
}
