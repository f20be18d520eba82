package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * What the engine thread sleeps on: the IPv4 and IPv6 sockets (readable; also writable while sends
 * are blocked on a full socket buffer) and the wake-up event. One preallocated {@code pollfd} array
 * for the life of the engine. Engine thread only.
 */
final class PollSet {

    private static final long POLLFD_BYTES = 8;
    private static final int V4 = 0;
    private static final int V6 = 1;
    private static final int WAKE = 2;

    private final IcmpSocket v4;
    private final IcmpSocket v6;
    private final int v4Fd;
    private final int v6Fd;
    private final MemorySegment fds;

    PollSet(Arena arena, IcmpSocket v4, IcmpSocket v6, int wakeFd) {
        this.v4 = v4;
        this.v6 = v6;
        this.v4Fd = v4.usable() ? v4.fd : -1; // poll skips a negative fd
        this.v6Fd = v6.usable() ? v6.fd : -1;
        this.fds = arena.allocate(POLLFD_BYTES * 3, 8);
        set(WAKE, wakeFd, Libc.POLLIN);
    }

    /**
     * Waits until a socket or the wake-up event is ready, or the timeout passes.
     *
     * @param timeoutMillis -1 waits without end, 0 only looks
     * @param untilWritable also wake when a socket can take packets again
     * @return how many entries are ready; 0 on timeout or interruption
     */
    int await(Libc.CallState state, int timeoutMillis, boolean untilWritable) {
        short events = (short) (Libc.POLLIN | (untilWritable ? Libc.POLLOUT : 0));
        set(V4, v4Fd, events);
        set(V6, v6Fd, events);
        fds.set(JAVA_SHORT, POLLFD_BYTES * WAKE + 6, (short) 0);
        int ready = Libc.poll(state, fds, 3, timeoutMillis);
        return ready < 0 ? 0 : ready;
    }

    /** After {@link #await}: whether this socket has packets to read. */
    boolean readable(IcmpSocket socket) {
        return (revents(socket == v6 ? V6 : V4) & Libc.POLLIN) != 0;
    }

    /** After {@link #await}: whether either socket can take packets again. */
    boolean writable() {
        return ((revents(V4) | revents(V6)) & Libc.POLLOUT) != 0;
    }

    /** After {@link #await}: whether another thread asked the engine to wake up. */
    boolean woken() {
        return (revents(WAKE) & Libc.POLLIN) != 0;
    }

    private void set(int index, int fd, short events) {
        fds.set(JAVA_INT, POLLFD_BYTES * index, fd);
        fds.set(JAVA_SHORT, POLLFD_BYTES * index + 4, events);
        fds.set(JAVA_SHORT, POLLFD_BYTES * index + 6, (short) 0);
    }

    private short revents(int index) {
        return fds.get(JAVA_SHORT, POLLFD_BYTES * index + 6);
    }
}
