package connmonitor.icmp;

import java.lang.foreign.Arena;

/**
 * A classic BPF socket filter that lets through only the replies carrying one engine's identifiers.
 * The kernel gives every raw ICMP socket a copy of every echo reply and ICMP error, so without it a
 * second engine (another shard, another connmonitor, a ping in a shell) pays a system call, a copy and
 * a parse for each of the first one's replies. Echo replies are judged by their own identifier, errors
 * (time exceeded, unreachable) by the identifier of the echo request they quote; errors quoting
 * anything but ICMP (the answers to UDP and TCP probes) pass, for the engine to match. Ping sockets
 * need none: the kernel already hands them only their own replies.
 */
final class IdentifierFilter {

    // Classic BPF opcodes (linux/filter.h): class | size | mode, and jumps/ALU with a constant.
    private static final int LD_B_ABS = 0x30;
    private static final int LD_H_ABS = 0x28;
    private static final int LD_B_IND = 0x50;
    private static final int LD_H_IND = 0x48;
    private static final int LDX_B_MSH = 0xb1;
    private static final int ALU_SUB_K = 0x14;
    private static final int ALU_AND_K = 0x54;
    private static final int ALU_LSH_K = 0x64;
    private static final int ALU_ADD_X = 0x0c;
    private static final int MISC_TAX = 0x07;
    private static final int JEQ_K = 0x15;
    private static final int JGE_K = 0x35;
    private static final int JA = 0x05;
    private static final int RET_K = 0x06;
    private static final int ACCEPT = 0x40000; // more than any packet: keep it whole
    private static final int IPV6_HEADER = 40;

    private IdentifierFilter() {
    }

    /**
     * Attaches a filter that passes echo replies and errors whose identifier is within
     * {@code [base, base + count)} (modulo 2^16). Returns false when the kernel refused it; the engine
     * then still works, only without the saving.
     */
    static boolean attach(IcmpSocket socket, int base, int count, Arena arena, Libc.CallState state) {
        int[][] program = socket.family == Family.V4 ? v4(base, count, socket.family) : v6(base, count, socket.family);
        return SocketFilters.attach(socket.fd, arena, state, program);
    }

    /** IPv4 raw sockets see the IP header first: X holds its length, then the quoted one's too. */
    static int[][] v4(int base, int count, Family family) {
        return new int[][] {
            {LDX_B_MSH, 0, 0, 0},                      // 0: X = outer IP header length
            {LD_B_IND, 0, 0, 0},                       // 1: A = ICMP type
            {JEQ_K, 12, 0, family.echoReply},          // 2: echo reply -> 15
            {JEQ_K, 2, 0, family.timeExceeded},        // 3: -> 6
            {JEQ_K, 1, 0, family.unreachable},         // 4: -> 6
            {RET_K, 0, 0, 0},                          // 5: anything else: drop
            {LD_B_IND, 0, 0, 8 + 9},                   // 6: A = the quoted packet's protocol
            {JEQ_K, 0, 11, Libc.IPPROTO_ICMP},         // 7: not ICMP (a UDP or TCP probe's error): -> 19
            {LD_B_IND, 0, 0, 8},                       // 8: A = first byte of the quoted IP header
            {ALU_AND_K, 0, 0, 0x0f},                   // 9
            {ALU_LSH_K, 0, 0, 2},                      // 10: A = quoted header length
            {ALU_ADD_X, 0, 0, 0},                      // 11
            {MISC_TAX, 0, 0, 0},                       // 12: X = both headers' lengths
            {LD_H_IND, 0, 0, 8 + 4},                   // 13: A = the quoted request's identifier
            {JA, 0, 0, 1},                             // 14: -> 16
            {LD_H_IND, 0, 0, 4},                       // 15: A = the reply's identifier
            {ALU_SUB_K, 0, 0, base},                   // 16
            {ALU_AND_K, 0, 0, 0xffff},                 // 17
            {JGE_K, 1, 0, count},                      // 18: not ours -> 20
            {RET_K, 0, 0, ACCEPT},                     // 19
            {RET_K, 0, 0, 0},                          // 20
        };
    }

    /** IPv6 raw sockets see the ICMPv6 header first; an error quotes the 40-byte IPv6 header. */
    static int[][] v6(int base, int count, Family family) {
        return new int[][] {
            {LD_B_ABS, 0, 0, 0},                       // 0: A = ICMPv6 type
            {JEQ_K, 7, 0, family.echoReply},           // 1: -> 9
            {JEQ_K, 2, 0, family.timeExceeded},        // 2: -> 5
            {JEQ_K, 1, 0, family.unreachable},         // 3: -> 5
            {RET_K, 0, 0, 0},                          // 4: drop
            {LD_B_ABS, 0, 0, 8 + 6},                   // 5: A = the quoted packet's next header
            {JEQ_K, 0, 6, Libc.IPPROTO_ICMPV6},        // 6: not ICMPv6 (a UDP or TCP probe's error): -> 13
            {LD_H_ABS, 0, 0, 8 + IPV6_HEADER + 4},     // 7: A = the quoted request's identifier
            {JA, 0, 0, 1},                             // 8: -> 10
            {LD_H_ABS, 0, 0, 4},                       // 9: A = the reply's identifier
            {ALU_SUB_K, 0, 0, base},                   // 10
            {ALU_AND_K, 0, 0, 0xffff},                 // 11
            {JGE_K, 1, 0, count},                      // 12: not ours -> 14
            {RET_K, 0, 0, ACCEPT},                     // 13
            {RET_K, 0, 0, 0},                          // 14
        };
    }
}
