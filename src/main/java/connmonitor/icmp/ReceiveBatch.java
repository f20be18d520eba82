package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static connmonitor.icmp.MessageHeaders.MMSGHDR;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Preallocated buffers for {@code recvmmsg}: up to {@link #SIZE} packets per system call, each with
 * its source address and the kernel's receive timestamp. Nothing is allocated per packet.
 * Offsets are those of struct mmsghdr/msghdr/iovec/cmsghdr on 64-bit Linux.
 */
final class ReceiveBatch {

    static final int SIZE = 32;
    static final int PACKET_BYTES = 65_536 + 64;
    private static final int NAME_BYTES = 32;
    private static final int CONTROL_BYTES = 128;
    private static final int MSG_TRUNC = 0x20;

    private final MemorySegment messages;
    private final MemorySegment[] packets = new MemorySegment[SIZE];
    private final MemorySegment[] names = new MemorySegment[SIZE];
    private final MemorySegment[] controls = new MemorySegment[SIZE];
    private final Libc.CallState state;

    ReceiveBatch(Arena arena, Libc.CallState state) {
        this.state = state;
        messages = arena.allocate((long) MMSGHDR * SIZE, 8);
        MemorySegment iovecs = arena.allocate((long) MessageHeaders.IOVEC * SIZE, 8);
        for (int i = 0; i < SIZE; i++) {
            packets[i] = arena.allocate(PACKET_BYTES, 8);
            names[i] = arena.allocate(NAME_BYTES, 8);
            controls[i] = arena.allocate(CONTROL_BYTES, 8);
            MessageHeaders.point(messages, i, names[i], MessageHeaders.iovec(iovecs, i, packets[i], PACKET_BYTES),
                    controls[i]);
        }
    }

    /** Reads what is waiting without blocking; returns how many packets arrived (0 when none), or -errno. */
    int receive(int fd) {
        for (int i = 0; i < SIZE; i++) {
            long base = (long) MMSGHDR * i;
            messages.set(JAVA_INT, base + MessageHeaders.MSG_NAMELEN, NAME_BYTES);
            messages.set(JAVA_LONG, base + MessageHeaders.MSG_CONTROLLEN, CONTROL_BYTES);
            messages.set(JAVA_INT, base + MessageHeaders.MSG_FLAGS, 0);
        }
        int count = Libc.recvmmsg(state, fd, messages, SIZE, Libc.MSG_DONTWAIT);
        if (count < 0) {
            int errno = state.errno();
            return errno == Libc.EAGAIN || errno == Libc.EINTR ? 0 : -errno;
        }
        return count;
    }

    MemorySegment packet(int i) {
        return packets[i];
    }

    int length(int i) {
        return messages.get(JAVA_INT, (long) MMSGHDR * i + MessageHeaders.MSG_LEN);
    }

    boolean truncated(int i) {
        return (messages.get(JAVA_INT, (long) MMSGHDR * i + MessageHeaders.MSG_FLAGS) & MSG_TRUNC) != 0;
    }

    /** The sender's sockaddr_in or sockaddr_in6. */
    MemorySegment name(int i) {
        return names[i];
    }

    /** The kernel's CLOCK_REALTIME receive time in ns (SO_TIMESTAMPNS), or -1 when it sent none. */
    long kernelTimestamp(int i) {
        long base = (long) MMSGHDR * i;
        long controlLength = messages.get(JAVA_LONG, base + MessageHeaders.MSG_CONTROLLEN);
        MemorySegment control = controls[i];
        long offset = 0;
        while (offset + 16 <= controlLength) {
            long length = control.get(JAVA_LONG, offset);
            int level = control.get(JAVA_INT, offset + 8);
            int type = control.get(JAVA_INT, offset + 12);
            if (length < 16 || offset + length > controlLength) {
                return -1;
            }
            if (level == Libc.SOL_SOCKET && type == Libc.SCM_TIMESTAMPNS && length >= 32) {
                return control.get(JAVA_LONG, offset + 16) * 1_000_000_000L + control.get(JAVA_LONG, offset + 24);
            }
            offset += (length + 7) & ~7L;
        }
        return -1;
    }
}
