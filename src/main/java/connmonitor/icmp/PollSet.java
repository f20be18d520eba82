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
    /** proto=udp|tcp: the raw TCP sockets (SYN-ACKs, RSTs) and, for POLLOUT only, the raw UDP ones. */
    private static final int TCP4 = 3;
    private static final int TCP6 = 4;
    private static final int UDP4 = 5;
    private static final int UDP6 = 6;
    private static final int ENTRIES = 7;

    private final IcmpSocket v4;
    private final IcmpSocket v6;
    private final int v4Fd;
    private final int v6Fd;
    private final MemorySegment fds;

    private final TransportSockets transports;

    PollSet(Arena arena, IcmpSocket v4, IcmpSocket v6, int wakeFd, TransportSockets transports) {
        this.v4 = v4;
        this.v6 = v6;
        this.transports = transports;
        this.v4Fd = v4.usable() ? v4.fd : -1; // poll skips a negative fd
        this.v6Fd = v6.usable() ? v6.fd : -1;
        this.fds = arena.allocate(POLLFD_BYTES * ENTRIES, 8);
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
        set(TCP4, transports.tcp4.usable() ? transports.tcp4.fd : -1, events);
        set(TCP6, transports.tcp6.usable() ? transports.tcp6.fd : -1, events);
        set(UDP4, untilWritable && transports.udp4.usable() ? transports.udp4.fd : -1, Libc.POLLOUT);
        set(UDP6, untilWritable && transports.udp6.usable() ? transports.udp6.fd : -1, Libc.POLLOUT);
        fds.set(JAVA_SHORT, POLLFD_BYTES * WAKE + 6, (short) 0);
        int ready = Libc.poll(state, fds, ENTRIES, timeoutMillis);
        return ready < 0 ? 0 : ready;
    }

    /** After {@link #await}: whether this socket has packets to read. */
    boolean readable(IcmpSocket socket) {
        int index = socket == v6 ? V6 : socket == v4 ? V4 : socket == transports.tcp4 ? TCP4 : TCP6;
        return (revents(index) & Libc.POLLIN) != 0;
    }

    /** After {@link #await}: whether an ICMP socket's error queue holds something (late transmit stamps). */
    boolean erred(IcmpSocket socket) {
        return (revents(socket == v6 ? V6 : V4) & Libc.POLLERR) != 0;
    }

    /** After {@link #await}: whether any socket can take packets again. */
    boolean writable() {
        int all = revents(V4) | revents(V6) | revents(TCP4) | revents(TCP6) | revents(UDP4) | revents(UDP6);
        return (all & Libc.POLLOUT) != 0;
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
