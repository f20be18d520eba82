package connmonitor.scan;

import connmonitor.config.FleetOptions;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection of one probe, bounded in time and size: it is opened with the probe's deadline
 * as connect timeout, every read waits only for the time left until the deadline, at most
 * {@code maxReadBytes} are ever read from it, and a {@link Watchdog} closes it shortly after the
 * deadline whatever it is doing. TLS is layered on top of {@link #socket()}, so the handshake is
 * bounded the same way.
 */
final class Connection implements AutoCloseable {

    /** How long after the deadline the watchdog steps in; reads normally end by the deadline itself. */
    private static final long WATCHDOG_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final BoundedSocket socket;
    private final long startNanos;
    private final ScheduledFuture<?> watchdog;

    private Connection(BoundedSocket socket, long startNanos, ScheduledFuture<?> watchdog) {
        this.socket = socket;
        this.startNanos = startNanos;
        this.watchdog = watchdog;
    }

    /**
     * Connects to the address; the deadline starts now. Fails with an IOException when nothing accepts
     * the connection in time (refused, unreachable, timed out).
     */
    static Connection open(InetSocketAddress address, long deadlineNanos, int maxReadBytes) throws IOException {
        return open(address, FleetOptions.DEFAULTS, deadlineNanos, maxReadBytes);
    }

    /**
     * As {@link #open(InetSocketAddress, long, int)}, from the host's {@code source=} address, with its
     * {@code tos=} as IP TOS / traffic class, and through its {@code interface=}. java.net's sockets
     * cannot bind to an interface (SO_BINDTODEVICE), so a host with {@code interface=} is connected by
     * an {@link InterfaceSocketImpl}; every other host keeps the JDK's sockets, as in 4.1.3.
     */
    static Connection open(InetSocketAddress address, FleetOptions fleet, long deadlineNanos, int maxReadBytes)
            throws IOException {
        long start = System.nanoTime();
        BoundedSocket socket = fleet.interfaceName().isPresent()
                ? new BoundedSocket(new InterfaceSocketImpl(fleet.interfaceName().get()), start + deadlineNanos,
                        maxReadBytes)
                : new BoundedSocket(start + deadlineNanos, maxReadBytes);
        ScheduledFuture<?> watchdog = Watchdog.closeLater(socket, deadlineNanos + WATCHDOG_GRACE_NANOS);
        Connection connection = new Connection(socket, start, watchdog);
        try {
            socket.setTcpNoDelay(true); // the request is one small write; do not wait to coalesce it
            if (fleet.tos() >= 0) {
                socket.setTrafficClass(fleet.tos());
            }
            if (fleet.source().isPresent()) {
                socket.bind(new InetSocketAddress(fleet.source().get(), 0));
            }
            socket.connect(address, socket.millisLeft());
            return connection;
        } catch (IOException | RuntimeException failed) {
            connection.close();
            throw failed;
        }
    }

    Socket socket() {
        return socket;
    }

    InputStream in() throws IOException {
        return socket.getInputStream();
    }

    OutputStream out() throws IOException {
        return socket.getOutputStream();
    }

    /** Milliseconds from the start of the connect to the given {@link System#nanoTime()}. */
    double millisSinceStart(long nanoTime) {
        return (nanoTime - startNanos) / 1e6;
    }

    /** Closes quietly: a probe's result never depends on how its connection ended. */
    @Override
    public void close() {
        watchdog.cancel(false);
        Watchdog.closeQuietly(socket);
    }

    /**
     * A socket whose input stream enforces the deadline and the byte limit. Overriding
     * {@link #getInputStream()} is enough: TLS layered on this socket reads through it too.
     */
    private static final class BoundedSocket extends Socket {

        private final long deadlineNanoTime;
        private final int maxReadBytes;
        private InputStream bounded;

        BoundedSocket(long deadlineNanoTime, int maxReadBytes) {
            this.deadlineNanoTime = deadlineNanoTime;
            this.maxReadBytes = maxReadBytes;
        }

        BoundedSocket(java.net.SocketImpl impl, long deadlineNanoTime, int maxReadBytes) throws java.net.SocketException {
            super(impl);
            this.deadlineNanoTime = deadlineNanoTime;
            this.maxReadBytes = maxReadBytes;
        }

        /** Time left until the deadline, rounded up, at least 1 ms (0 would mean "wait forever"). */
        int millisLeft() throws SocketTimeoutException {
            long left = deadlineNanoTime - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("scan deadline passed");
            }
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (bounded == null) {
                bounded = new BoundedInput(super.getInputStream());
            }
            return bounded;
        }

        private final class BoundedInput extends FilterInputStream {

            private long consumed;

            BoundedInput(InputStream raw) {
                super(raw);
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                if (consumed >= maxReadBytes) {
                    throw new IOException("read limit of " + maxReadBytes + " bytes reached");
                }
                setSoTimeout(millisLeft());
                int n = in.read(buffer, offset, (int) Math.min(length, maxReadBytes - consumed));
                if (n > 0) {
                    consumed += n;
                }
                return n;
            }

            @Override
            public long skip(long count) throws IOException {
                byte[] scratch = new byte[(int) Math.min(Math.max(count, 0), 512)];
                int n = read(scratch, 0, scratch.length);
                return Math.max(n, 0);
            }
        }
    }
}
