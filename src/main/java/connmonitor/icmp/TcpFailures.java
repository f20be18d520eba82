package connmonitor.icmp;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;

/**
 * The exceptions a {@link BoundTcpSocket} throws, chosen and worded as the JDK's own sockets do for the
 * same errno (the exception class by errno, the system's text as the message), so a scan through a
 * native connection fails exactly as one through java.net would.
 */
final class TcpFailures {

    static final int EPERM = 1;
    static final int ENODEV = 19;
    static final int EACCES = 13;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int ECONNREFUSED = 111;
    static final int ETIMEDOUT = 110;
    static final int EHOSTUNREACH = 113;
    static final int ENOTCONN = 107;

    private TcpFailures() {
    }

    /** A failed connect (or the SO_ERROR of a non-blocking one). */
    static IOException connect(int errno) {
        String text = Libc.strerror(errno);
        return switch (errno) {
            case ECONNREFUSED, ETIMEDOUT, ENOTCONN -> new ConnectException(text);
            case EHOSTUNREACH -> new NoRouteToHostException(text);
            case EADDRINUSE, EADDRNOTAVAIL, EACCES -> new BindException(text);
            default -> new SocketException(text);
        };
    }

    /** A failed bind to the source address. */
    static IOException bind(int errno, String source) {
        return new BindException(Libc.strerror(errno) + " (source " + source + ")");
    }

    /** SO_BINDTODEVICE refused: no such interface, or no CAP_NET_RAW. */
    static IOException device(int errno, String interfaceName) {
        String why = switch (errno) {
            case ENODEV -> "no interface '" + interfaceName + "'";
            case EPERM -> "binding to interface '" + interfaceName + "' needs CAP_NET_RAW";
            default -> "cannot bind to interface '" + interfaceName + "': " + Libc.strerror(errno);
        };
        return new SocketException(why);
    }

    /** A failed read or write on an established connection ("Connection reset" and the like). */
    static IOException transfer(int errno) {
        return errno == 104 ? new SocketException("Connection reset") : new SocketException(Libc.strerror(errno));
    }

    /** Any other call that should not fail (socket, setsockopt, poll). */
    static IOException call(String what, int errno) {
        return new SocketException(what + " failed: " + Libc.strerror(errno));
    }
}
