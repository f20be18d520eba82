package connmonitor.icmp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * The C sockaddr_in / sockaddr_in6 that sendmsg, connect and bind take, written in place: one layout
 * for the engine's packets (every send, so it allocates nothing) and the scans' native connections.
 */
final class SocketAddress {

    /** sizeof(struct sockaddr_in6), the larger of the two. */
    static final int MAX_BYTES = 28;
    private static final ValueLayout.OfShort NETWORK_SHORT = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SocketAddress() {
    }

    /** Writes a 4- or 16-byte address with its port (0: none) and IPv6 scope; returns the length to pass. */
    static int write(MemorySegment target, byte[] address, int port, int scope) {
        target.fill((byte) 0);
        target.set(NETWORK_SHORT, 2, (short) port);
        if (address.length == 4) {
            target.set(JAVA_SHORT_UNALIGNED, 0, (short) Libc.AF_INET);
            MemorySegment.copy(address, 0, target, JAVA_BYTE, 4, 4);
            return Family.V4.sockaddrLength;
        }
        target.set(JAVA_SHORT_UNALIGNED, 0, (short) Libc.AF_INET6);
        MemorySegment.copy(address, 0, target, JAVA_BYTE, 8, 16);
        target.set(JAVA_INT_UNALIGNED, 24, scope);
        return Family.V6.sockaddrLength;
    }
}
