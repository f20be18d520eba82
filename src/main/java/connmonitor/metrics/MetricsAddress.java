package connmonitor.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where {@code /metrics} is served, as given to {@code --metrics}: {@code PORT}, {@code :PORT},
 * {@code ADDRESS:PORT} or {@code [IPV6]:PORT}. Without an address it binds the loopback only, since
 * the endpoint has no authentication: exposing it is a decision the user writes down.
 *
 * @param host an IPv4 or IPv6 literal (without brackets) or a name, resolved when the server starts
 */
public record MetricsAddress(String host, int port) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Parses the value of {@code --metrics}; the exception's message is the one-line reason. */
    public static MetricsAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return new MetricsAddress(DEFAULT_HOST, port(text, text));
        }
        String host = text.substring(0, colon);
        int port = port(text.substring(colon + 1), text);
        if (host.isEmpty()) {
            return new MetricsAddress(DEFAULT_HOST, port);
        }
        if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
            String literal = host.substring(1, host.length() - 1);
            if (!literal.contains(":")) {
                throw invalid(text, "brackets are only for IPv6 addresses");
            }
            return new MetricsAddress(literal, port);
        }
        if (host.contains(":") || host.contains("[") || host.contains("]")) {
            throw invalid(text, "write an IPv6 address in brackets, e.g. [::1]:9100");
        }
        return new MetricsAddress(host, port);
    }

    private static int port(String digits, String text) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(text, "the port must be a number from 1 to 65535");
        }
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw invalid(text, "the port must be a number from 1 to 65535");
        }
        return port;
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("--metrics '" + text + "': " + reason + " (ADDRESS:PORT, [IPV6]:PORT or PORT)");
    }

    /** Resolves the address to bind; a name resolves as the system resolver says. */
    public InetAddress inetAddress() throws UnknownHostException {
        return InetAddress.getByName(host);
    }

    /** As a user writes it back: {@code 127.0.0.1:9100}, {@code [::1]:9100}. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
