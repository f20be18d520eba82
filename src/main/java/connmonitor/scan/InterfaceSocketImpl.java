package connmonitor.scan;

import connmonitor.icmp.BoundTcpSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOptions;

/**
 * A java.net {@link java.net.Socket}'s implementation that connects through a chosen interface, on a
 * {@link BoundTcpSocket}. Wrapped in a plain Socket it is what every scan already talks through:
 * {@link Connection}'s bounded reads, TLS layered on top and the watchdog's close work unchanged. The
 * native socket is made at connect time (its family is the destination's), with the source address
 * given to bind and the TOS given as IP_TOS.
 */
final class InterfaceSocketImpl extends SocketImpl {

    private final String interfaceName;
    private InetAddress source;
    private int tos = -1;
    private int readTimeoutMillis;
    private BoundTcpSocket connection;
    private volatile boolean closed;

    InterfaceSocketImpl(String interfaceName) {
        this.interfaceName = interfaceName;
    }

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) {
            throw new SocketException("scans only make TCP connections");
        }
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        if (port != 0) {
            throw new SocketException("scans bind only to a source address, not a port");
        }
        source = host.isAnyLocalAddress() ? null : host;
    }

    @Override
    protected void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
        InetSocketAddress destination = (InetSocketAddress) endpoint;
        BoundTcpSocket made = BoundTcpSocket.connect(destination, interfaceName, source, tos, timeoutMillis);
        synchronized (this) {
            if (closed) {
                made.close(); // the watchdog came first
                throw new SocketException("Socket closed");
            }
            connection = made;
        }
        address = destination.getAddress();
        port = destination.getPort();
    }

    @Override
    protected void connect(String host, int port) throws IOException {
        connect(new InetSocketAddress(host, port), 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port), 0);
    }

    @Override
    protected void listen(int backlog) throws IOException {
        throw new SocketException("not a server socket");
    }

    @Override
    protected void accept(SocketImpl s) throws IOException {
        throw new SocketException("not a server socket");
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        BoundTcpSocket open = open();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                return open.read(into, offset, length, readTimeoutMillis);
            }
        };
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        BoundTcpSocket open = open();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] from, int offset, int length) throws IOException {
                open.write(from, offset, length);
            }
        };
    }

    @Override
    protected int available() {
        return 0;
    }

    @Override
    protected void close() {
        BoundTcpSocket open;
        synchronized (this) {
            closed = true;
            open = connection;
        }
        if (open != null) {
            open.close();
        }
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw new SocketException("urgent data is not supported");
    }

    @Override
    public void setOption(int optID, Object value) throws SocketException {
        switch (optID) {
            case SocketOptions.SO_TIMEOUT -> readTimeoutMillis = (Integer) value;
            case SocketOptions.IP_TOS -> tos = (Integer) value;
            case SocketOptions.TCP_NODELAY -> {
                // always on: a scan's request is one small write
            }
            default -> throw new SocketException("option " + optID + " is not supported on a scan connection");
        }
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        return switch (optID) {
            case SocketOptions.SO_TIMEOUT -> readTimeoutMillis;
            case SocketOptions.IP_TOS -> Math.max(tos, 0);
            case SocketOptions.TCP_NODELAY -> Boolean.TRUE;
            case SocketOptions.SO_BINDADDR -> source != null ? source : InetAddress.ofLiteral("0.0.0.0");
            default -> throw new SocketException("option " + optID + " is not supported on a scan connection");
        };
    }

    private synchronized BoundTcpSocket open() throws SocketException {
        if (connection == null || closed) {
            throw new SocketException(closed ? "Socket closed" : "Socket is not connected");
        }
        return connection;
    }
}
