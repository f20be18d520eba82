package connmonitor.lab;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One TUN device (layer 3, no packet-info header), open non-blocking.
 * The device lives exactly as long as the descriptor: it vanishes on close or when the JVM dies,
 * so an emulated link can never outlive its lab. Moving it to another namespace keeps the descriptor working.
 */
final class Tun implements AutoCloseable {

    private final int fd;
    private final String name;
    private boolean closed;

    private Tun(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /**
     * Creates the device NAME (at most 15 characters) inside the named network namespace. A TUN
     * device is born in the namespace of the thread that opens it, so a short-lived thread enters
     * the namespace to open it: no device ever appears in the root namespace, none has to be moved
     * (moving costs the kernel tens of milliseconds per device).
     */
    static Tun createIn(String namespace, String name) throws IOException {
        CompletableFuture<Tun> result = new CompletableFuture<>();
        Thread.ofPlatform().name("lab-tun-" + name).start(() -> {
            try {
                int nsFd = LinuxCalls.open("/run/netns/" + namespace, LinuxCalls.O_RDONLY | LinuxCalls.O_CLOEXEC);
                try {
                    LinuxCalls.setns(nsFd, LinuxCalls.CLONE_NEWNET); // this thread only; it ends right after
                } finally {
                    LinuxCalls.close(nsFd);
                }
                result.complete(create(name));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating " + name + " in " + namespace, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    /** Creates the device NAME in the calling thread's network namespace. */
    private static Tun create(String name) throws IOException {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length >= LinuxCalls.IFNAMSIZ) {
            throw new IllegalArgumentException("interface name longer than 15 characters: " + name);
        }
        int fd = LinuxCalls.open("/dev/net/tun", LinuxCalls.O_RDWR | LinuxCalls.O_NONBLOCK | LinuxCalls.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = arena.allocate(LinuxCalls.IFREQ_SIZE);
            MemorySegment.copy(bytes, 0, ifreq, JAVA_BYTE, 0, bytes.length);
            ifreq.set(JAVA_SHORT, LinuxCalls.IFNAMSIZ, (short) (LinuxCalls.IFF_TUN | LinuxCalls.IFF_NO_PI));
            LinuxCalls.ioctl(fd, LinuxCalls.TUNSETIFF, ifreq, "TUNSETIFF " + name);
        } catch (IOException | RuntimeException e) {
            LinuxCalls.close(fd);
            throw e;
        }
        return new Tun(fd, name);
    }

    int fd() {
        return fd;
    }

    /** The device's name (inside its namespace). */
    String name() {
        return name;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LinuxCalls.close(fd);
        }
    }
}
