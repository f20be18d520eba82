package connmonitor.scan;

import connmonitor.config.Target;
import connmonitor.probe.ScanResult.Certificate;
import connmonitor.probe.ScanResult.Http;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Asks a web server {@code HEAD /} over HTTP or HTTPS and reports its status code and Server header.
 * RTT: from the start of the TCP connect to the first byte of the HTTP response (for HTTPS, after
 * the TLS handshake: the first decrypted byte).
 */
final class HttpProbe {

    private final ScanSettings settings;
    private final Supplier<X509ExtendedTrustManager> reference;

    /**
     * @param reference what a verified HTTPS certificate is (normally the JDK's default trust store), asked
     *                  at the first handshake: loading the JDK's trust store parses its ~150 certificates,
     *                  which a config without scans should not pay for at start-up
     */
    HttpProbe(ScanSettings settings, Supplier<X509ExtendedTrustManager> reference) {
        this.settings = settings;
        this.reference = reference;
    }

    Optional<Http> http(Target target) throws IOException {
        int port = settings.httpPort();
        try (Connection connection = open(target, port, settings.maxAnswerBytes())) {
            send(connection.out(), TargetNames.header(target, port, 80));
            Answer answer = Answer.read(connection.in(), settings.maxAnswerBytes(), HttpHead::complete);
            return report(connection, answer, Certificate.NONE);
        }
    }

    Optional<Http> https(Target target) throws IOException {
        int port = settings.httpsPort();
        X509ExtendedTrustManager trust = reference.get(); // before the connect: a first load is not the server's time
        try (Connection connection = open(target, port, TlsClient.MAX_TLS_BYTES)) {
            TlsClient.Session tls = TlsClient.handshake(connection, TargetNames.peer(target), port, trust);
            SSLSocket socket = tls.socket();
            try {
                send(socket.getOutputStream(), TargetNames.header(target, port, 443));
                Answer answer = Answer.read(socket.getInputStream(), settings.maxAnswerBytes(), HttpHead::complete);
                // closing the connection drops the TLS layer too: no close_notify, nothing more to wait for
                return report(connection, answer, tls.certificate());
            } catch (RuntimeException broken) {
                throw new IOException("TLS failed: " + broken, broken); // JSSE on malformed records, as in the handshake
            }
        }
    }

    private Connection open(Target target, int port, int maxReadBytes) throws IOException {
        return Connection.open(new InetSocketAddress(target.address(), port), target.fleet(),
                settings.deadline().toNanos(), maxReadBytes);
    }

    private static void send(OutputStream out, String host) throws IOException {
        String request = "HEAD / HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "User-Agent: connmonitor\r\n"
                + "Accept: */*\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static Optional<Http> report(Connection connection, Answer answer, Certificate certificate) {
        return HttpHead.parse(answer).map(head -> new Http(connection.millisSinceStart(answer.firstByteNanos()),
                head.statusCode(), head.server(), certificate));
    }
}
