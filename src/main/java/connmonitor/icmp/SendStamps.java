package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static connmonitor.icmp.MessageHeaders.MMSGHDR;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Reads the kernel's software transmit timestamps of batched echo requests ({@link SendBatch}) from a
 * socket's error queue, {@link #SIZE} per {@code recvmmsg}: each one says when its packet reached the
 * device, and carries the id the packet was sent with. Nothing is allocated per packet.
 */
final class SendStamps {

    static final int SO_TIMESTAMPING = 37;
    static final int SCM_TIMESTAMPING = SO_TIMESTAMPING;
    /** Linux 6.13: a packet's own timestamp id as ancillary data; older kernels refuse it (EINVAL). */
    static final int SCM_TS_OPT_ID = 81;
    /**
     * The control message type batches carry their timestamp ids in: always {@link #SCM_TS_OPT_ID}, except in
     * OldKernelFallbackTest, which sets a type no kernel knows to get the EINVAL a kernel before 6.13 gives
     * (most servers run one) and so test the fallback this kernel would never take. Read when an engine starts.
     */
    static volatile int timestampIdType = SCM_TS_OPT_ID;
    static final int TX_SOFTWARE = 1 << 1;
    private static final int SOFTWARE = 1 << 4;
    private static final int OPT_ID = 1 << 7;
    private static final int OPT_TSONLY = 1 << 11;
    /** Report no receive stamps in SCM_TIMESTAMPING: replies carry SO_TIMESTAMPNS's already. */
    private static final int OPT_RX_FILTER = 1 << 17;
    private static final int MSG_ERRQUEUE = 0x2000;
    private static final int IP_RECVERR = 11;
    private static final int IPV6_RECVERR = 25;
    private static final int ENOMSG = 42;
    private static final int ORIGIN_TIMESTAMPING = 4;

    static final int SIZE = 32;
    private static final int CONTROL_BYTES = 192;

    private final MemorySegment messages;
    private final MemorySegment[] controls = new MemorySegment[SIZE];
    private final Libc.CallState state;
    private final int[] ids = new int[SIZE];
    private final long[] stamps = new long[SIZE];

    SendStamps(Arena arena, Libc.CallState state) {
        this.state = state;
        messages = arena.allocate((long) MMSGHDR * SIZE, 8);
        MemorySegment data = arena.allocate(64L * SIZE, 8);
        MemorySegment iovecs = arena.allocate((long) MessageHeaders.IOVEC * SIZE, 8);
        for (int i = 0; i < SIZE; i++) {
            controls[i] = arena.allocate(CONTROL_BYTES, 8);
            MessageHeaders.point(messages, i, MemorySegment.NULL,
                    MessageHeaders.iovec(iovecs, i, data.asSlice(64L * i, 64), 64), controls[i]);
        }
    }

    /**
     * Asks the socket to report transmit stamps with ids, without data (each packet still asks for its
     * own, see {@link SendBatch}); false when the kernel refuses, and then the socket sends one by one.
     */
    static boolean enable(IcmpSocket socket, Arena arena, Libc.CallState state) {
        int flags = SOFTWARE | OPT_ID | OPT_TSONLY;
        return Libc.setsockopt(state, socket.fd, Libc.SOL_SOCKET, SO_TIMESTAMPING,
                arena.allocateFrom(JAVA_INT, flags | OPT_RX_FILTER)) == 0
                || Libc.setsockopt(state, socket.fd, Libc.SOL_SOCKET, SO_TIMESTAMPING,
                        arena.allocateFrom(JAVA_INT, flags)) == 0;
    }

    /** Reads what waits on the error queue without blocking; returns how many stamps were read (0: none). */
    int read(int fd) {
        for (int i = 0; i < SIZE; i++) {
            long base = (long) MMSGHDR * i;
            messages.set(JAVA_LONG, base + MessageHeaders.MSG_CONTROLLEN, CONTROL_BYTES);
            messages.set(JAVA_INT, base + MessageHeaders.MSG_FLAGS, 0);
        }
        int count = Libc.recvmmsg(state, fd, messages, SIZE, MSG_ERRQUEUE | Libc.MSG_DONTWAIT);
        if (count <= 0) {
            return 0;
        }
        for (int i = 0; i < count; i++) {
            parse(i);
        }
        return count;
    }

    /** The id of stamp i, as the packet carried it; -1 when the message was no transmit stamp. */
    int id(int i) {
        return ids[i];
    }

    /** When packet i left (CLOCK_REALTIME ns), or -1. */
    long stamp(int i) {
        return stamps[i];
    }

    private void parse(int i) {
        ids[i] = -1;
        stamps[i] = -1;
        long controlLength = messages.get(JAVA_LONG, (long) MMSGHDR * i + MessageHeaders.MSG_CONTROLLEN);
        MemorySegment control = controls[i];
        long stamp = -1;
        long id = -1;
        long offset = 0;
        while (offset + 16 <= controlLength) {
            long length = control.get(JAVA_LONG, offset);
            int level = control.get(JAVA_INT, offset + 8);
            int type = control.get(JAVA_INT, offset + 12);
            if (length < 16 || offset + length > controlLength) {
                return;
            }
            if (level == Libc.SOL_SOCKET && type == SCM_TIMESTAMPING && length >= 16 + 16) {
                stamp = control.get(JAVA_LONG, offset + 16) * 1_000_000_000L + control.get(JAVA_LONG, offset + 24);
            } else if ((level == Libc.IPPROTO_IP && type == IP_RECVERR
                    || level == Libc.IPPROTO_IPV6 && type == IPV6_RECVERR) && length >= 16 + 16
                    && control.get(JAVA_INT, offset + 16) == ENOMSG
                    && control.get(JAVA_BYTE, offset + 20) == ORIGIN_TIMESTAMPING) {
                id = control.get(JAVA_INT, offset + 28) & 0xffffffffL;
            }
            offset += (length + 7) & ~7L;
        }
        if (stamp > 0 && id >= 0) {
            ids[i] = (int) id;
            stamps[i] = stamp;
        }
    }
}
