package connmonitor.icmp;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The layout of an array of struct mmsghdr (a struct msghdr and its msg_len) and of struct iovec on
 * 64-bit Linux, shared by the batches that go through {@code recvmmsg} and {@code sendmmsg}
 * ({@link ReceiveBatch}, {@link SendBatch}, {@link SendStamps}).
 */
final class MessageHeaders {

    static final int MMSGHDR = 64;
    static final int IOVEC = 16;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;
    static final int MSG_LEN = 56;

    private MessageHeaders() {
    }

    /** Byte offset of entry i of an mmsghdr array. */
    static long entry(int i) {
        return (long) MMSGHDR * i;
    }

    /**
     * Points entry i at its address buffer ({@link MemorySegment#NULL} for none), its one iovec and its
     * control buffer; lengths and flags are the caller's, since they change from call to call.
     */
    static void point(MemorySegment messages, int i, MemorySegment name, MemorySegment iovec, MemorySegment control) {
        long base = entry(i);
        messages.set(ADDRESS, base + MSG_NAME, name);
        messages.set(ADDRESS, base + MSG_IOV, iovec);
        messages.set(JAVA_LONG, base + MSG_IOVLEN, 1);
        messages.set(ADDRESS, base + MSG_CONTROL, control);
    }

    /** Sets iovec i of an iovec array to a buffer of this many bytes and returns that iovec. */
    static MemorySegment iovec(MemorySegment iovecs, int i, MemorySegment buffer, long length) {
        MemorySegment iovec = iovecs.asSlice((long) IOVEC * i, IOVEC);
        iovec.set(ADDRESS, 0, buffer);
        iovec.set(JAVA_LONG, 8, length);
        return iovec;
    }
}
