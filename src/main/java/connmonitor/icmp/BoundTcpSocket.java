package connmonitor.icmp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A TCP client connection made with libc, for the one thing java.net's sockets cannot do: leave
 * through a chosen interface (SO_BINDTODEVICE), which a scan of a host with {@code interface=} needs.
 * The socket is non-blocking; connect, read and write wait in poll() with a timeout, so no call blocks
 * longer than asked. Errors are the JDK's exceptions for the same errno (see {@link TcpFailures}).
 *
 * <p>One thread uses it; {@link #close()} may come from any thread (a watchdog): it shuts the
 * connection down, which wakes a poll in progress, and the descriptor is released once that call has
 * returned, so a number the kernel hands out again is never read by mistake. Native calls pin a virtual
 * thread to its carrier: call this from platform threads.
 */
public final class BoundTcpSocket implements AutoCloseable {

    /** IFNAMSIZ less the terminating NUL. */
    private static final int MAX_INTERFACE_NAME = 15;
    private static final int BUFFER_BYTES = 16 * 1024;

    private final int fd;
    /** Freed by the GC once the socket is unreachable: a close from another thread never frees memory in use. */
    private final Libc.CallState state;
    private final MemorySegment buffer;
    private final MemorySegment pollFd;
    private final MemorySegment scratch;
    private int inUse;
    private boolean closing;
    private boolean released;

    private BoundTcpSocket(int fd, Arena arena) {
        this.fd = fd;
        this.state = new Libc.CallState(arena);
        this.buffer = arena.allocate(BUFFER_BYTES);
        this.pollFd = arena.allocate(8); // struct pollfd: int fd, short events, short revents
        this.scratch = arena.allocate(SocketAddress.MAX_BYTES);
        pollFd.set(JAVA_INT, 0, fd);
    }

    /**
     * Connects within {@code timeoutMillis} (0: no limit but the kernel's).
     *
     * @param interfaceName the interface to leave through (SO_BINDTODEVICE), or null
     * @param source        the local address to bind, or null for the kernel's choice
     * @param tos           IPv4 TOS / IPv6 traffic class, or -1 to leave the kernel's (0)
     */
    public static BoundTcpSocket connect(InetSocketAddress destination, String interfaceName, InetAddress source,
                                         int tos, int timeoutMillis) throws IOException {
        if (destination.isUnresolved()) {
            throw new java.net.UnknownHostException(destination.getHostString());
        }
        boolean v6 = destination.getAddress() instanceof Inet6Address;
        Arena arena = Arena.ofAuto();
        Libc.CallState opening = new Libc.CallState(arena);
        int fd = Libc.socket(opening, v6 ? Libc.AF_INET6 : Libc.AF_INET,
                Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw TcpFailures.call("socket", opening.errno());
        }
        BoundTcpSocket socket = new BoundTcpSocket(fd, arena);
        try {
            socket.configure(v6, interfaceName, source, tos);
            socket.connect(destination, timeoutMillis);
            return socket;
        } catch (IOException | RuntimeException failed) {
            socket.close();
            throw failed;
        }
    }

    private void configure(boolean v6, String interfaceName, InetAddress source, int tos) throws IOException {
        if (interfaceName != null) {
            byte[] name = interfaceName.getBytes(StandardCharsets.UTF_8);
            if (name.length == 0 || name.length > MAX_INTERFACE_NAME) {
                throw new SocketException("no interface '" + interfaceName + "'");
            }
            MemorySegment value = scratch.asSlice(0, name.length + 1);
            value.fill((byte) 0);
            MemorySegment.copy(name, 0, value, JAVA_BYTE, 0, name.length);
            if (Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, value) < 0) {
                throw TcpFailures.device(state.errno(), interfaceName);
            }
        }
        if (tos >= 0) {
            setInt(v6 ? Libc.IPPROTO_IPV6 : Libc.IPPROTO_IP, v6 ? Libc.IPV6_TCLASS : Libc.IP_TOS, tos, "IP_TOS");
        }
        setInt(Libc.IPPROTO_TCP, Libc.TCP_NODELAY, 1, "TCP_NODELAY"); // a request is one small write
        if (source != null) {
            int length = writeAddress(source, 0);
            if (Libc.bind(state, fd, scratch, length) < 0) {
                throw TcpFailures.bind(state.errno(), source.getHostAddress());
            }
        }
    }

    private void connect(InetSocketAddress destination, int timeoutMillis) throws IOException {
        int length = writeAddress(destination.getAddress(), destination.getPort());
        if (Libc.connect(state, fd, scratch, length) == 0) {
            return;
        }
        int errno = state.errno();
        if (errno != Libc.EINPROGRESS && errno != Libc.EINTR) {
            throw TcpFailures.connect(errno);
        }
        if (!await(Libc.POLLOUT, deadline(timeoutMillis))) {
            throw new SocketTimeoutException("Connect timed out");
        }
        MemorySegment error = scratch.asSlice(0, 8);
        if (Libc.getsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_ERROR, error) < 0) {
            throw TcpFailures.call("getsockopt", state.errno());
        }
        if (error.get(JAVA_INT, 0) != 0) {
            throw TcpFailures.connect(error.get(JAVA_INT, 0));
        }
    }

    /**
     * Reads what has arrived, waiting up to {@code timeoutMillis} (0: until the peer sends or closes).
     *
     * @return the number of bytes read, or -1 at the end of the stream
     */
    public int read(byte[] into, int offset, int length, int timeoutMillis) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        begin();
        try {
            long deadline = deadline(timeoutMillis);
            while (true) {
                long n = Libc.read(state, fd, buffer, Math.min(length, BUFFER_BYTES));
                if (n >= 0) {
                    checkOpen();
                    MemorySegment.copy(buffer, JAVA_BYTE, 0, into, offset, (int) n);
                    return n == 0 ? -1 : (int) n;
                }
                int errno = state.errno();
                if (errno == Libc.EAGAIN) {
                    if (!await(Libc.POLLIN, deadline)) {
                        throw new SocketTimeoutException("Read timed out");
                    }
                } else if (errno != Libc.EINTR) {
                    checkOpen();
                    throw TcpFailures.transfer(errno);
                }
            }
        } finally {
            end();
        }
    }

    /** Writes all of it; waits for room as long as it takes (a watchdog's close ends the wait). */
    public void write(byte[] from, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, from.length);
        begin();
        try {
            int done = 0;
            while (done < length) {
                int chunk = Math.min(length - done, BUFFER_BYTES);
                MemorySegment.copy(from, offset + done, buffer, JAVA_BYTE, 0, chunk);
                long n = Libc.sendto(state, fd, buffer, chunk, Libc.MSG_NOSIGNAL, MemorySegment.NULL, 0);
                if (n >= 0) {
                    done += (int) n;
                    continue;
                }
                int errno = state.errno();
                if (errno == Libc.EAGAIN) {
                    await(Libc.POLLOUT, Long.MAX_VALUE);
                } else if (errno != Libc.EINTR) {
                    checkOpen();
                    throw TcpFailures.transfer(errno);
                }
                checkOpen();
            }
        } finally {
            end();
        }
    }

    /** Shuts the connection down; the descriptor is closed now, or when the call in progress returns. */
    @Override
    public void close() {
        boolean releaseNow;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            releaseNow = inUse == 0;
            if (!releaseNow) {
                // wakes a poll in progress on the owner's thread; errno does not matter, so no shared state
                try (Arena call = Arena.ofConfined()) {
                    Libc.shutdown(new Libc.CallState(call), fd, Libc.SHUT_RDWR);
                }
            }
        }
        if (releaseNow) {
            release();
        }
    }

    private synchronized void begin() throws SocketException {
        checkOpen();
        inUse++;
    }

    private void end() {
        boolean releaseNow;
        synchronized (this) {
            inUse--;
            releaseNow = closing && inUse == 0;
        }
        if (releaseNow) {
            release();
        }
    }

    private void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        try (Arena call = Arena.ofConfined()) {
            Libc.close(new Libc.CallState(call), fd);
        }
    }

    private synchronized void checkOpen() throws SocketException {
        if (closing) {
            throw new SocketException("Socket closed");
        }
    }

    /** Polls until the events, an error or hang-up (true), or the deadline (false). */
    private boolean await(short events, long deadlineNanos) throws IOException {
        pollFd.set(JAVA_SHORT, 4, events);
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            int millis = deadlineNanos == Long.MAX_VALUE ? -1
                    : (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
            pollFd.set(JAVA_SHORT, 6, (short) 0);
            int ready = Libc.poll(state, pollFd, 1, millis);
            if (ready > 0) {
                return true;
            }
            if (ready < 0 && state.errno() != Libc.EINTR) {
                throw TcpFailures.call("poll", state.errno());
            }
        }
    }

    private static long deadline(int timeoutMillis) {
        return timeoutMillis <= 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    private void setInt(int level, int name, int value, String what) throws IOException {
        MemorySegment option = scratch.asSlice(0, 4);
        option.set(JAVA_INT, 0, value);
        if (Libc.setsockopt(state, fd, level, name, option) < 0) {
            throw TcpFailures.call("setsockopt " + what, state.errno());
        }
    }

    /** Writes a sockaddr_in or sockaddr_in6 into the scratch; returns its length. */
    private int writeAddress(InetAddress address, int port) {
        return SocketAddress.write(scratch, address.getAddress(), port,
                address instanceof Inet6Address v6 ? v6.getScopeId() : 0);
    }
}
