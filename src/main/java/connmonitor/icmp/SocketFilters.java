package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * What the raw UDP and TCP sockets of proto=udp|tcp take in. A raw socket gets a copy of every packet
 * of its protocol that reaches the machine: the UDP ones are only for sending, so a one-instruction
 * socket filter drops all of it in the kernel; a TCP one keeps only SYN-ACKs and RSTs (IPv4, where the
 * filter sees the IP header), and on IPv6 has the kernel verify checksums (IPV6_CHECKSUM).
 */
final class SocketFilters {

    private static final short RET = 0x06;
    private static final short LDX_MSH = 0xb1; // X = 4 * (packet[k] & 0xf): the IPv4 header length
    private static final short LDB_IND = 0x50; // A = packet[X + k]
    private static final short AND = 0x54;
    private static final short JEQ = 0x15;
    private static final short JSET = 0x45;
    private static final int TCP_CHECKSUM_OFFSET = 16;

    private SocketFilters() {
    }

    static void forTransport(IcmpSocket socket, Transport transport, Arena arena, Libc.CallState state) {
        if (transport == Transport.UDP) {
            attach(socket.fd, arena, state, new int[][] {{RET, 0, 0, 0}});
        } else if (socket.family == Family.V4) {
            int flags = SegmentWriter.SYN | SegmentWriter.ACK;
            attach(socket.fd, arena, state, new int[][] {
                {LDX_MSH, 0, 0, 0},
                {LDB_IND, 0, 0, 13},                  // the TCP flags
                {JSET, 3, 0, SegmentWriter.RST},       // an RST: keep
                {AND, 0, 0, flags},
                {JEQ, 1, 0, flags},                   // a SYN-ACK: keep
                {RET, 0, 0, 0},
                {RET, 0, 0, 0xffff},
            });
        } else {
            Libc.setsockopt(state, socket.fd, Libc.IPPROTO_IPV6, Libc.IPV6_CHECKSUM,
                    arena.allocateFrom(JAVA_INT, TCP_CHECKSUM_OFFSET));
        }
    }

    /**
     * Attaches a classic BPF program (each instruction is code, jt, jf, k); false when the kernel
     * refused it. {@link IdentifierFilter} attaches its programs through here too.
     */
    static boolean attach(int fd, Arena arena, Libc.CallState state, int[][] program) {
        MemorySegment code = arena.allocate(8L * program.length, 8);
        for (int i = 0; i < program.length; i++) {
            code.set(JAVA_SHORT, 8L * i, (short) program[i][0]);
            code.set(JAVA_BYTE, 8L * i + 2, (byte) program[i][1]);
            code.set(JAVA_BYTE, 8L * i + 3, (byte) program[i][2]);
            code.set(JAVA_INT, 8L * i + 4, program[i][3]);
        }
        MemorySegment fprog = arena.allocate(16, 8); // struct sock_fprog: length, padding, pointer
        fprog.set(JAVA_SHORT, 0, (short) program.length);
        fprog.set(ADDRESS, 8, code);
        return Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, fprog) == 0;
    }
}
