package connmonitor.cli;

import connmonitor.output.Log;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The sd_notify(3) protocol: tells systemd (when it asked, through $NOTIFY_SOCKET) that the monitor is
 * ready, i.e. its signal handlers are in place, and when it is stopping. With Type=notify, systemctl
 * start returns only then, fails when the config is bad, and a reload can never reach the JVM before
 * it handles SIGHUP (whose default action would end it). The JDK has no Unix datagram sockets, hence
 * the few native calls here.
 */
final class SystemdNotify {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(struct sockaddr_un): a short family, then 108 bytes of path. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int PATH_OFFSET = 2;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SENDTO = bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("close"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("strerror"),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private final String socket;
    private final Log log;

    private SystemdNotify(String socket, Log log) {
        this.socket = socket;
        this.log = log;
    }

    /** From $NOTIFY_SOCKET; when it is unset (not started by systemd with Type=notify) every call is a no-op. */
    static SystemdNotify fromEnvironment(Log log) {
        return to(System.getenv("NOTIFY_SOCKET"), log);
    }

    /** To a socket given as NOTIFY_SOCKET gives it: a path, or "@name" in the abstract namespace; null for none. */
    static SystemdNotify to(String socket, Log log) {
        return new SystemdNotify(socket, log);
    }

    void ready() {
        send("READY=1");
    }

    void stopping() {
        send("STOPPING=1");
    }

    /** One datagram; a failure is a warning (systemd then times the start out), never the end of the monitor. */
    private void send(String state) {
        if (socket == null || socket.isEmpty()) {
            return;
        }
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        if ((path[0] != '/' && path[0] != '@') || path.length > SOCKADDR_UN_SIZE - PATH_OFFSET - 1) {
            log.warn("cannot tell systemd " + state + ": NOTIFY_SOCKET '" + socket + "' is not a socket path");
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment captured = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE);
            address.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(path, 0, address, JAVA_BYTE, PATH_OFFSET, path.length);
            if (path[0] == '@') {
                address.set(JAVA_BYTE, PATH_OFFSET, (byte) 0); // the abstract namespace
            }
            byte[] text = state.getBytes(StandardCharsets.UTF_8);
            MemorySegment message = arena.allocateFrom(JAVA_BYTE, text);
            int fd = (int) SOCKET.invokeExact(captured, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                warn(state, captured);
                return;
            }
            long sent = (long) SENDTO.invokeExact(captured, fd, message, (long) text.length, MSG_NOSIGNAL, address,
                    PATH_OFFSET + path.length);
            if (sent < 0) {
                warn(state, captured);
            }
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable unexpected) {
            log.warn("cannot tell systemd " + state + ": " + unexpected);
        }
    }

    private void warn(String state, MemorySegment captured) throws Throwable {
        int errno = (int) ERRNO.get(captured, 0L);
        MemorySegment reason = (MemorySegment) STRERROR.invokeExact(errno);
        log.warn("cannot tell systemd " + state + " through '" + socket + "': "
                + reason.reinterpret(256).getString(0));
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, CAPTURE_ERRNO);
    }
}
