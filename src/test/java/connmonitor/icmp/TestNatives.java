package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Calls only tests need: entering a network namespace, and a raw socket to forge packets with. */
public final class TestNatives {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = handle("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = handle("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SENDTO = handle("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final int CLONE_NEWNET = 0x40000000;

    private TestNatives() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor);
    }

    /** Moves the calling thread (only) into a namespace made by {@code ip netns add}. */
    public static void enterNetns(String name) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom("/var/run/netns/" + name), 0x80000);
            if (fd < 0 || (int) SETNS.invokeExact(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("cannot enter netns " + name);
            }
            int ignored = (int) CLOSE.invokeExact(fd);
        }
    }

    /** One thread (a daemon) that runs what it is given inside a namespace made by {@code ip netns add}. */
    public static ExecutorService threadIn(String namespace) {
        return Executors.newSingleThreadExecutor(threadsIn(namespace));
    }

    /** Makes daemon threads that enter the namespace before they run anything. */
    public static ThreadFactory threadsIn(String namespace) {
        return runnable -> Thread.ofPlatform().daemon(true).unstarted(() -> {
            try {
                enterNetns(namespace);
            } catch (Throwable failed) {
                throw new IllegalStateException(failed);
            }
            runnable.run();
        });
    }

    /** A blocking raw ICMPv4 socket bound to {@code source}: it sends from there and hears packets to there. */
    static int rawSocketBoundTo(byte[] source) throws Throwable {
        int fd = (int) SOCKET.invokeExact(Libc.AF_INET, Libc.SOCK_RAW, Libc.IPPROTO_ICMP);
        try (Arena arena = Arena.ofConfined()) {
            if (fd < 0 || (int) BIND.invokeExact(fd, sockaddr(arena, source), 16) != 0) {
                throw new IllegalStateException("cannot open a bound raw socket");
            }
        }
        return fd;
    }

    /** A blocking raw socket that hears every packet of its protocol in the namespace. */
    static int rawSocket(int domain, int protocol) throws Throwable {
        int fd = (int) SOCKET.invokeExact(domain, Libc.SOCK_RAW, protocol);
        if (fd < 0) {
            throw new IllegalStateException("cannot open a raw socket");
        }
        return fd;
    }

    static MemorySegment sockaddr(Arena arena, byte[] address) {
        MemorySegment sockaddr = arena.allocate(16);
        sockaddr.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
        MemorySegment.copy(address, 0, sockaddr, java.lang.foreign.ValueLayout.JAVA_BYTE, 4, 4);
        return sockaddr;
    }

    static long recv(int fd, MemorySegment buffer) throws Throwable {
        return (long) RECV.invokeExact(fd, buffer, buffer.byteSize(), 0);
    }

    static void sendTo(int fd, MemorySegment packet, long length, MemorySegment destination) throws Throwable {
        long sent = (long) SENDTO.invokeExact(fd, packet, length, 0, destination, 16);
        if (sent != length) {
            throw new IllegalStateException("forged packet not sent");
        }
    }

    static void close(int fd) throws Throwable {
        int ignored = (int) CLOSE.invokeExact(fd);
    }
}
