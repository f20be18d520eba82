package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;

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

    /*
     * Every call goes through one downcall handle of one shape, six 64-bit integers in and one out, with
     * the function's address as its first argument. The JDK spins a class (and a dozen method-handle
     * forms) per shape at every start, which the AOT cache cannot keep: a handle per function cost
     * 0.12-0.24 s before the first record, one shared handle 0.035-0.05 s (issue 19; docs/performance.md).
     * On every ABI the JDK links for (x64, AArch64, RISC-V, POWER, s390x) this is how C passes them: an
     * int argument travels in a full register, here sign-extended as those ABIs want it and read as its
     * low 32 bits; a pointer is its address; arguments the function does not take are ignored by it (the
     * caller owns the registers and the stack area); an int result is the low 32 bits of the returned
     * register. Pointers are passed as addresses, so each wrapper keeps its segments reachable until the
     * call has returned (LibcTest).
     */
    private static final MethodHandle CALL = LINKER.downcallHandle(FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.captureCallState("errno"));
    /** Where the errno of calls whose failure does not matter goes, from any thread: nobody reads it. */
    private static final MemorySegment IGNORED_ERRNO = Arena.global().allocate(CAPTURE_LAYOUT);
    /** The send timestamp's clock: no thread-state change around it (it cannot block), so a shape of its own. */
    private static final MethodHandle CLOCK_GETTIME = LINKER.downcallHandle(function("clock_gettime"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.critical(false));

    private static final MemorySegment SOCKET = function("socket");
    private static final MemorySegment SETSOCKOPT = function("setsockopt");
    private static final MemorySegment GETSOCKOPT = function("getsockopt");
    private static final MemorySegment SENDTO = function("sendto");
    private static final MemorySegment SENDMSG = function("sendmsg");
    private static final MemorySegment SENDMMSG = function("sendmmsg");
    private static final MemorySegment RECVMMSG = function("recvmmsg");
    private static final MemorySegment CONNECT = function("connect");
    private static final MemorySegment BIND = function("bind");
    private static final MemorySegment SHUTDOWN = function("shutdown");
    private static final MemorySegment GETSOCKNAME = function("getsockname");
    private static final MemorySegment POLL = function("poll");
    private static final MemorySegment CLOSE = function("close");
    private static final MemorySegment EVENTFD = function("eventfd");
    private static final MemorySegment READ = function("read");
    private static final MemorySegment WRITE = function("write");
    private static final MemorySegment STRERROR = function("strerror");

    private Libc() {
    }

    private static MemorySegment function(String name) {
        return LINKER.defaultLookup().findOrThrow(name);
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

    /** Calls {@code function} with up to six integer or address arguments (the rest 0), errno into {@code errno}. */
    private static long call(MemorySegment errno, MemorySegment function, long a, long b, long c, long d, long e,
                             long f) {
        try {
            return (long) CALL.invokeExact(function, errno, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int socket(CallState state, int domain, int type, int protocol) {
        return (int) call(state.segment, SOCKET, domain, type, protocol, 0, 0, 0);
    }

    static int setsockopt(CallState state, int fd, int level, int name, MemorySegment value) {
        int result = (int) call(state.segment, SETSOCKOPT, fd, level, name, value.address(), value.byteSize(), 0);
        Reference.reachabilityFence(value);
        return result;
    }

    static long sendto(CallState state, int fd, MemorySegment buffer, long length, int flags,
                       MemorySegment address, int addressLength) {
        long result = call(state.segment, SENDTO, fd, buffer.address(), length, flags, address.address(),
                addressLength);
        Reference.reachabilityFence(buffer);
        Reference.reachabilityFence(address);
        return result;
    }

    static long sendmsg(CallState state, int fd, MemorySegment message, int flags) {
        long result = call(state.segment, SENDMSG, fd, message.address(), flags, 0, 0, 0);
        Reference.reachabilityFence(message);
        return result;
    }

    static int sendmmsg(CallState state, int fd, MemorySegment messages, int count, int flags) {
        int result = (int) call(state.segment, SENDMMSG, fd, messages.address(), count, flags, 0, 0);
        Reference.reachabilityFence(messages);
        return result;
    }

    static int recvmmsg(CallState state, int fd, MemorySegment messages, int count, int flags) {
        int result = (int) call(state.segment, RECVMMSG, fd, messages.address(), count, flags, 0, 0);
        Reference.reachabilityFence(messages);
        return result;
    }

    static int connect(CallState state, int fd, MemorySegment address, int addressLength) {
        int result = (int) call(state.segment, CONNECT, fd, address.address(), addressLength, 0, 0, 0);
        Reference.reachabilityFence(address);
        return result;
    }

    static int bind(CallState state, int fd, MemorySegment address, int addressLength) {
        int result = (int) call(state.segment, BIND, fd, address.address(), addressLength, 0, 0, 0);
        Reference.reachabilityFence(address);
        return result;
    }

    /** An int-valued option; {@code value} holds the int then {@code socklen_t}, 8 bytes. */
    static int getsockopt(CallState state, int fd, int level, int name, MemorySegment value) {
        value.set(JAVA_INT, 4, 4);
        int result = (int) call(state.segment, GETSOCKOPT, fd, level, name, value.address(), value.address() + 4, 0);
        Reference.reachabilityFence(value);
        return result;
    }

    static int shutdown(CallState state, int fd, int how) {
        return (int) call(state.segment, SHUTDOWN, fd, how, 0, 0, 0, 0);
    }

    /** @param length in: the room at {@code address}; out: the length of the name written */
    static int getsockname(CallState state, int fd, MemorySegment address, MemorySegment length) {
        int result = (int) call(state.segment, GETSOCKNAME, fd, address.address(), length.address(), 0, 0, 0);
        Reference.reachabilityFence(address);
        Reference.reachabilityFence(length);
        return result;
    }

    static int poll(CallState state, MemorySegment fds, long count, int timeoutMillis) {
        int result = (int) call(state.segment, POLL, fds.address(), count, timeoutMillis, 0, 0, 0);
        Reference.reachabilityFence(fds);
        return result;
    }

    static int close(CallState state, int fd) {
        return (int) call(state.segment, CLOSE, fd, 0, 0, 0, 0, 0);
    }

    static int eventfd(CallState state, int initial, int flags) {
        return (int) call(state.segment, EVENTFD, initial, flags, 0, 0, 0, 0);
    }

    static long read(CallState state, int fd, MemorySegment buffer, long length) {
        long result = call(state.segment, READ, fd, buffer.address(), length, 0, 0, 0);
        Reference.reachabilityFence(buffer);
        return result;
    }

    /** A write whose failure does not matter (waking a thread through an eventfd); safe from any thread. */
    static void writeIgnoringErrors(int fd, MemorySegment buffer, long length) {
        call(IGNORED_ERRNO, WRITE, fd, buffer.address(), length, 0, 0, 0);
        Reference.reachabilityFence(buffer);
    }

    /** CLOCK_REALTIME in nanoseconds, the clock the kernel stamps received packets with (SO_TIMESTAMPNS). */
    static long realtimeNanos(MemorySegment timespec) {
        try {
            long ignored = (long) CLOCK_GETTIME.invokeExact((long) CLOCK_REALTIME, timespec.address());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return timespec.get(JAVA_LONG, 0) * 1_000_000_000L + timespec.get(JAVA_LONG, 8);
    }

    static String strerror(int errno) {
        long text = call(IGNORED_ERRNO, STRERROR, errno, 0, 0, 0, 0, 0);
        return MemorySegment.ofAddress(text).reinterpret(256).getString(0);
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
