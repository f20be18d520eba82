package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An eventfd that other threads write to end the engine thread's poll early: when a request is
 * submitted while it sleeps, or when the engine closes.
 */
final class Wakeup {

    final int fd;
    private final MemorySegment one;
    private final MemorySegment drained;

    private Wakeup(int fd, Arena arena) {
        this.fd = fd;
        this.one = arena.allocateFrom(JAVA_LONG, 1L);
        this.drained = arena.allocate(JAVA_LONG);
    }

    static Wakeup open(Arena arena, Libc.CallState state) {
        int fd = Libc.eventfd(state, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("eventfd: " + Libc.strerror(state.errno()));
        }
        return new Wakeup(fd, arena);
    }

    /** Safe from any thread; never blocks (a full counter already means "wake up"). */
    void wake() {
        Libc.writeIgnoringErrors(fd, one, 8);
    }

    /** Engine thread: resets the event after a wake-up, so the next poll sleeps again. */
    void drain(Libc.CallState state) {
        Libc.read(state, fd, drained, 8);
    }

    void close(Libc.CallState state) {
        Libc.close(state, fd);
    }
}
