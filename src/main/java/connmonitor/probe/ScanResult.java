package connmonitor.probe;

import java.util.Optional;

/**
 * A service scan of one host: HTTP (80), HTTPS (443) and MySQL/MariaDB (3306).
 * An empty service means nothing answered as that service on its port ("None" in the output).
 */
public record ScanResult(Optional<Http> http, Optional<Http> https, Optional<Mysql> mysql) implements Measurement {

    @Override
    public Kind kind() {
        return Kind.SCAN;
    }

    /** Whether a TLS certificate checked out; only HTTPS has one. */
    public enum Certificate { NONE, VERIFIED, UNVERIFIED }

    /**
     * An HTTP(S) server that answered {@code HEAD /}.
     *
     * @param statusCode  the status code as sent, e.g. "200"
     * @param server      the Server header, "Unknown" when absent
     * @param certificate for HTTPS, whether the certificate chain verified (self-signed still counts as up)
     */
    public record Http(double rttMillis, String statusCode, String server, Certificate certificate) {
    }

    /**
     * A MySQL/MariaDB server that greeted.
     *
     * @param version the server version from the protocol-10 greeting; when the server refused with an error
     *                packet, the error text instead (the server is there, it just will not talk to us)
     * @param error   the server's error packet text, or empty when it greeted normally
     */
    public record Mysql(double rttMillis, String version, Optional<String> error) {
    }
}
