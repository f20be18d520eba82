package connmonitor.support;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The service manager's end of sd_notify(3): a Unix datagram socket a test hands to a process as
 * NOTIFY_SOCKET, to read what it reports (READY=1, STOPPING=1) as systemd would.
 */
public final class NotifySocket implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final short POLLIN = 1;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle POLL = handle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = handle("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final int fd;
    private final String address;
    private final Path file;

    private NotifySocket(int fd, String address, Path file) {
        this.fd = fd;
        this.address = address;
        this.file = file;
    }

    /** Bound to a file, as systemd's /run/systemd/notify. */
    public static NotifySocket atPath(Path file) throws IOException {
        return bind(file.toString(), file);
    }

    /** In the abstract namespace: any process of this network namespace may send to it, whatever its uid. */
    public static NotifySocket abstractNamed(String name) throws IOException {
        return bind("@" + name, null);
    }

    private static NotifySocket bind(String address, Path file) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            byte[] path = address.getBytes(StandardCharsets.UTF_8);
            MemorySegment sockaddr = arena.allocate(110);
            sockaddr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(path, 0, sockaddr, JAVA_BYTE, 2, path.length);
            if (path[0] == '@') {
                sockaddr.set(JAVA_BYTE, 2, (byte) 0);
            }
            int fd = (int) SOCKET.invokeExact(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0 || (int) BIND.invokeExact(fd, sockaddr, 2 + path.length) != 0) {
                throw new IOException("cannot bind a notify socket at " + address);
            }
            return new NotifySocket(fd, address, file);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** The value for NOTIFY_SOCKET. */
    public String address() {
        return address;
    }

    /** The next message, or a test failure when none comes in time. */
    public String receive(Duration limit) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(8);
            pollfd.set(JAVA_INT, 0, fd);
            pollfd.set(JAVA_SHORT, 4, POLLIN);
            if ((int) POLL.invokeExact(pollfd, 1L, (int) limit.toMillis()) != 1) {
                throw new AssertionError("no notification on " + address + " within " + limit);
            }
            MemorySegment buffer = arena.allocate(4096);
            long length = (long) RECV.invokeExact(fd, buffer, 4096L, 0);
            if (length < 0) {
                throw new IOException("recv failed on " + address);
            }
            return new String(buffer.asSlice(0, length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IOException(t);
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor);
    }
}
