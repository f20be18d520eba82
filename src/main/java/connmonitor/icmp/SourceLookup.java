package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Which local address a UDP or TCP probe leaves from, once per request: the transport checksum covers
 * the source address, so it must be known before the kernel picks it. Asks the routing table the way
 * traceroute does, by connecting a UDP socket (no packet is sent) and reading its name; a host's
 * {@code source=} wins. Buffers are preallocated. Engine thread only.
 */
final class SourceLookup implements AutoCloseable {

    private final Libc.CallState state;
    private final int v4;
    private final int v6;
    private final MemorySegment name;
    private final MemorySegment nameLength;
    long high;
    long low;

    SourceLookup(Arena arena, Libc.CallState state) {
        this.state = state;
        int flags = Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC;
        v4 = Libc.socket(state, Libc.AF_INET, Libc.SOCK_DGRAM | flags, 0);
        v6 = Libc.socket(state, Libc.AF_INET6, Libc.SOCK_DGRAM | flags, 0);
        name = arena.allocate(32, 8);
        nameLength = arena.allocate(JAVA_INT);
    }

    /**
     * Finds the source of packets to {@code out}'s destination into {@link #high}/{@link #low}; returns
     * null, or why there is none (no route, say).
     */
    String find(Outgoing out, int port) {
        byte[] source = out.request.controls().source();
        if (source != null && source.length == (out.socket.family == Family.V4 ? 4 : 16)) {
            high = 0;
            low = 0;
            for (int i = 0; i < source.length; i++) {
                if (source.length == 16 && i < 8) {
                    high = (high << 8) | (source[i] & 0xff);
                } else {
                    low = (low << 8) | (source[i] & 0xff);
                }
            }
            return null;
        }
        boolean v6Family = out.socket.family == Family.V6;
        int fd = v6Family ? v6 : v4;
        int length = out.writeAddress(name);
        name.set(JAVA_SHORT, 2, Short.reverseBytes((short) port));
        if (fd < 0 || Libc.connect(state, fd, name, length) != 0) {
            return fd < 0 ? "no UDP socket to look up the route" : Libc.strerror(state.errno());
        }
        name.fill((byte) 0);
        nameLength.set(JAVA_INT, 0, 32);
        if (Libc.getsockname(state, fd, name, nameLength) != 0) {
            return Libc.strerror(state.errno());
        }
        if (v6Family) {
            high = Long.reverseBytes(name.get(JAVA_LONG, 8));
            low = Long.reverseBytes(name.get(JAVA_LONG, 16));
        } else {
            high = 0;
            low = Integer.reverseBytes(name.get(JAVA_INT, 4)) & 0xffffffffL;
        }
        return null;
    }

    @Override
    public void close() {
        if (v4 >= 0) {
            Libc.close(state, v4);
        }
        if (v6 >= 0) {
            Libc.close(state, v6);
        }
    }
}
