package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls connmonitor needs, bound once through java.lang.foreign. Calls that can fail capture
 * errno right after the call (the JVM may clobber it otherwise). Nothing outside this package calls
 * native code.
 */
final class Libc {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int IPPROTO_UDP = 17;
    static final int SO_ATTACH_FILTER = 26;
    static final int IPV6_CHECKSUM = 7;
    static final int SOL_SOCKET = 1;
    static final int SO_ERROR = 4;
    static final int SO_BINDTODEVICE = 25;
    static final int SHUT_RDWR = 2;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int SOL_RAW = 255;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int SO_TIMESTAMPNS = 35;
    static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
    static final int ICMP_FILTER = 1;
    static final int ICMP6_FILTER = 1;
    static final int IP_TOS = 1;
    static final int IP_TTL = 2;
    static final int IP_PKTINFO = 8;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_HOPLIMIT = 52;
    static final int IPV6_TCLASS = 67;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int MSG_DONTWAIT = 0x40;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;
    static final int CLOCK_REALTIME = 0;

    static final int EINTR = 4;
    static final int EINVAL = 22;
    static final int EAGAIN = 11;
    static final int ENOBUFS = 105;
    static final int EINPROGRESS = 115;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDTO = bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMSG = bind("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMMSG = bind("sendmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle RECVMMSG = bind("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE_IGNORING_ERRNO = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("write"), FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOCK_GETTIME = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("clock_gettime"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.critical(false));

    private Libc() {
    }

    /**
     * Calls that only scans, UDP and TCP probes and error messages need, bound on first use: each binding
     * spins a dozen classes at run time (the AOT cache cannot hold them), which a plain ping config
     * would pay for at start-up before its first record.
     */
    private static final class Rare {
        static final MethodHandle CONNECT = bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle GETSOCKOPT = bind("getsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle SHUTDOWN = bind("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle GETSOCKNAME = bind("getsockname",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle STRERROR = LINKER.downcallHandle(
                LINKER.defaultLookup().findOrThrow("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, CAPTURE_ERRNO);
    }

    /** Per-thread scratch for the captured errno; calls from one thread reuse it, so nothing is allocated. */
    static final class CallState {
        final MemorySegment segment;

        CallState(Arena arena) {
            segment = arena.allocate(CAPTURE_LAYOUT);
        }

        int errno() {
            return (int) ERRNO.get(segment, 0L);
        }
    }

    static int socket(CallState state, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(state.segment, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setsockopt(CallState state, int fd, int level, int name, MemorySegment value) {
        try {
            return (int) SETSOCKOPT.invokeExact(state.segment, fd, level, name, value, (int) value.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sendto(CallState state, int fd, MemorySegment buffer, long length, int flags,
                       MemorySegment address, int addressLength) {
        try {
            return (long) SENDTO.invokeExact(state.segment, fd, buffer, length, flags, address, addressLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sendmsg(CallState state, int fd, MemorySegment message, int flags) {
        try {
            return (long) SENDMSG.invokeExact(state.segment, fd, message, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int sendmmsg(CallState state, int fd, MemorySegment messages, int count, int flags) {
        try {
            return (int) SENDMMSG.invokeExact(state.segment, fd, messages, count, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int recvmmsg(CallState state, int fd, MemorySegment messages, int count, int flags) {
        try {
            return (int) RECVMMSG.invokeExact(state.segment, fd, messages, count, flags, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int connect(CallState state, int fd, MemorySegment address, int addressLength) {
        try {
            return (int) Rare.CONNECT.invokeExact(state.segment, fd, address, addressLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int bind(CallState state, int fd, MemorySegment address, int addressLength) {
        try {
            return (int) Rare.BIND.invokeExact(state.segment, fd, address, addressLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** An int-valued option; {@code value} holds the int then {@code socklen_t}, 8 bytes. */
    static int getsockopt(CallState state, int fd, int level, int name, MemorySegment value) {
        try {
            value.set(JAVA_INT, 4, 4);
            return (int) Rare.GETSOCKOPT.invokeExact(state.segment, fd, level, name, value, value.asSlice(4, 4));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int shutdown(CallState state, int fd, int how) {
        try {
            return (int) Rare.SHUTDOWN.invokeExact(state.segment, fd, how);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @param length in: the room at {@code address}; out: the length of the name written */
    static int getsockname(CallState state, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) Rare.GETSOCKNAME.invokeExact(state.segment, fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int poll(CallState state, MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(state.segment, fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(CallState state, int fd) {
        try {
            return (int) CLOSE.invokeExact(state.segment, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int eventfd(CallState state, int initial, int flags) {
        try {
            return (int) EVENTFD.invokeExact(state.segment, initial, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long read(CallState state, int fd, MemorySegment buffer, long length) {
        try {
            return (long) READ.invokeExact(state.segment, fd, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A write whose failure does not matter (waking a thread through an eventfd); safe from any thread. */
    static void writeIgnoringErrors(int fd, MemorySegment buffer, long length) {
        try {
            long ignored = (long) WRITE_IGNORING_ERRNO.invokeExact(fd, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** CLOCK_REALTIME in nanoseconds, the clock the kernel stamps received packets with (SO_TIMESTAMPNS). */
    static long realtimeNanos(MemorySegment timespec) {
        try {
            int ignored = (int) CLOCK_GETTIME.invokeExact(CLOCK_REALTIME, timespec);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return timespec.get(JAVA_LONG, 0) * 1_000_000_000L + timespec.get(JAVA_LONG, 8);
    }

    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) Rare.STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException runtime) {
            return runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(t);
    }
}
