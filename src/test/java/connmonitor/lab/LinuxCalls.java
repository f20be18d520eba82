package connmonitor.lab;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few libc calls the link emulator needs (open/ioctl/read/write/ppoll/eventfd/prctl/
 * sched_setscheduler/setns/close),
 * through java.lang.foreign. Lab-only: the main code has its own socket layer.
 * Every call returns the C result; a negative result throws with errno's text, except the
 * "would block" case of read, which returns -1 so a non-blocking loop can tell "drained".
 */
final class LinuxCalls {

    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final short POLLIN = 0x1;
    static final int IFNAMSIZ = 16;
    static final int IFREQ_SIZE = 40;
    static final int PR_SET_TIMERSLACK = 29;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;
    static final int SCHED_FIFO = 1;
    static final int O_RDONLY = 0;
    static final int CLONE_NEWNET = 0x40000000;

    /** struct pollfd { int fd; short events; short revents; } */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));
    /** struct timespec { long tv_sec; long tv_nsec; } */
    static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = bind("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL = bind("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PPOLL = bind("ppoll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    private static final MethodHandle EVENTFD = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle PRCTL = bind("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SCHED_SETSCHEDULER = bind("sched_setscheduler",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SETNS = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("strerror"),
            FunctionDescriptor.of(ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256, ValueLayout.JAVA_BYTE)), JAVA_INT));

    /** Per-thread scratch for errno; the emulator loop calls from one thread, setup from others. */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

    private LinuxCalls() {
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = ERRNO_OPTION;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, options);
    }

    static int open(String path, int flags) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = STATE.get();
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0);
            return (int) check(fd, state, "open " + path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static void ioctl(int fd, long request, MemorySegment argument, String what) throws IOException {
        try {
            MemorySegment state = STATE.get();
            int result = (int) IOCTL.invokeExact(state, fd, request, argument);
            check(result, state, what);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Reads one datagram; -1 when nothing is waiting (EAGAIN on a non-blocking descriptor). */
    static int read(int fd, MemorySegment buffer) throws IOException {
        try {
            MemorySegment state = STATE.get();
            long n = (long) READ.invokeExact(state, fd, buffer, buffer.byteSize());
            if (n < 0 && (errno(state) == EAGAIN || errno(state) == EINTR)) {
                return -1;
            }
            return (int) check(n, state, "read");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static void write(int fd, MemorySegment data, long length) throws IOException {
        try {
            MemorySegment state = STATE.get();
            long n = (long) WRITE.invokeExact(state, fd, data, length);
            check(n, state, "write");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** ppoll with a nanosecond timeout (poll's milliseconds are far too coarse); 0 on EINTR. */
    static int ppoll(MemorySegment pollfds, int count, MemorySegment timespec) throws IOException {
        try {
            MemorySegment state = STATE.get();
            int n = (int) PPOLL.invokeExact(state, pollfds, (long) count, timespec, MemorySegment.NULL);
            if (n < 0 && errno(state) == EINTR) {
                return 0;
            }
            return (int) check(n, state, "ppoll");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int eventfd() throws IOException {
        try {
            MemorySegment state = STATE.get();
            int fd = (int) EVENTFD.invokeExact(state, 0, EFD_NONBLOCK | EFD_CLOEXEC);
            return (int) check(fd, state, "eventfd");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Moves the calling thread (only it) into the network namespace behind {@code fd}. */
    static void setns(int fd, int nstype) throws IOException {
        try {
            MemorySegment state = STATE.get();
            int result = (int) SETNS.invokeExact(state, fd, nstype);
            check(result, state, "setns");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Sets the calling thread's timer slack; the default 50 us would blur every hold time. */
    static void setTimerSlack(long nanos) throws IOException {
        try {
            MemorySegment state = STATE.get();
            int result = (int) PRCTL.invokeExact(state, PR_SET_TIMERSLACK, nanos);
            check(result, state, "prctl(PR_SET_TIMERSLACK)");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * Puts the calling thread in the real-time FIFO class so a busy machine cannot delay its
     * wake-ups; false when not permitted (then it stays an ordinary thread).
     */
    static boolean trySetFifo(int priority) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocateFrom(JAVA_INT, priority);
            int result = (int) SCHED_SETSCHEDULER.invokeExact(STATE.get(), 0, SCHED_FIFO, param);
            return result == 0;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(STATE.get(), fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static long check(long result, MemorySegment state, String what) throws IOException {
        if (result < 0) {
            int errno = errno(state);
            throw new IOException(what + " failed: " + strerror(errno) + " (errno " + errno + ")");
        }
        return result;
    }

    private static String strerror(int errno) {
        try {
            return ((MemorySegment) STRERROR.invokeExact(errno)).getString(0);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }
}
