package connmonitor.scan;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how long a scan looks. The daemon uses {@link #DEFAULTS}; tests inject other ports and
 * shorter deadlines.
 *
 * @param httpPort         port of the HTTP probe (80)
 * @param httpsPort        port of the HTTPS probe (443)
 * @param mysqlPort        port of the MySQL/MariaDB probe (3306)
 * @param deadline         per port, from the start of the TCP connect to the end of reading the answer:
 *                         whatever has not happened by then does not count (5 s: several round trips
 *                         across the world plus a TLS handshake fit, a hung server does not hold a scan)
 * @param maxAnswerBytes   most bytes of a service's answer read per probe (4 KiB: a status line and
 *                         headers or a greeting fit; a garbage stream is cut off there)
 */
public record ScanSettings(int httpPort, int httpsPort, int mysqlPort, Duration deadline, int maxAnswerBytes) {

    public static final ScanSettings DEFAULTS = new ScanSettings(80, 443, 3306, Duration.ofSeconds(5), 4096);

    public ScanSettings {
        checkPort("httpPort", httpPort);
        checkPort("httpsPort", httpsPort);
        checkPort("mysqlPort", mysqlPort);
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("scan deadline must be more than 0 and at most 10 minutes: " + deadline);
        }
        if (maxAnswerBytes < 64 || maxAnswerBytes > 1 << 20) {
            throw new IllegalArgumentException("maxAnswerBytes must be 64..1048576: " + maxAnswerBytes);
        }
    }

    /** The same settings probing other ports (tests run servers on unprivileged or shared ports). */
    public ScanSettings withPorts(int http, int https, int mysql) {
        return new ScanSettings(http, https, mysql, deadline, maxAnswerBytes);
    }

    public ScanSettings withDeadline(Duration newDeadline) {
        return new ScanSettings(httpPort, httpsPort, mysqlPort, newDeadline, maxAnswerBytes);
    }

    private static void checkPort(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 1..65535: " + port);
        }
    }
}
