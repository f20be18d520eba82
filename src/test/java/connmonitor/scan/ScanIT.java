package connmonitor.scan;

import connmonitor.support.Loopback;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import connmonitor.support.Connmonitor;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged daemon scanning a loopback host with a real HTTP server on 80, HTTPS on 443 (self-signed)
 * and a MariaDB-like greeting on 3306: the records a user reads, in both formats.
 */
class ScanIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static InetAddress address;
    private static TestWebServer http;
    private static TestWebServer https;
    private static TestPeer mysql;

    @BeforeAll
    static void services() throws Exception {
        address = Loopback.randomV4WithFree(80, 443, 3306);
        SelfSigned certificate = SelfSigned.generate(List.of("ip:" + address.getHostAddress()));
        http = TestWebServer.http(address, 80, 200, "scan-it/1.0");
        https = TestWebServer.https(address, 443, 403, "scan-it \"tls\"", certificate.serverContext());
        byte[] greeting = MysqlPackets.greeting("5.5.5-10.11.6-MariaDB-1:10.11.6+maria~deb12");
        mysql = TestPeer.start(address, 3306, client -> {
            client.getOutputStream().write(greeting);
            client.getInputStream().read();
        });
    }

    @AfterAll
    static void stopServices() throws Exception {
        for (AutoCloseable service : new AutoCloseable[] {http, https, mysql}) {
            if (service != null) {
                service.close();
            }
        }
    }

    private static Connmonitor monitor(String config) throws Exception {
        Connmonitor connmonitor = Connmonitor.start();
        connmonitor.writeStdin(config, true);
        return connmonitor;
    }

    @Test
    void plaintextScanRecordsShowAllThreeServices() throws Exception {
        String host = address.getHostAddress();
        Pattern body = Pattern.compile("\\d+\\.\\d{3}, 200, scan-it/1\\.0\t\\d+\\.\\d{3}, 403, scan-it \"tls\"\t"
                + "\\d+\\.\\d{3}, 10\\.11\\.6-MariaDB-1:10\\.11\\.6\\+maria~deb12");
        try (Connmonitor connmonitor = monitor(host + " ping=0 scan=200\n")) {
            for (int i = 0; i < 2; i++) {
                assertThat(connmonitor.nextLine(WAIT)).isEqualTo(host);
                connmonitor.nextLine(WAIT); // ctime
                assertThat(connmonitor.nextLine(WAIT)).matches(body);
            }
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
        }
    }

    @Test
    void jsonScanRecordsCarryTheCertificateVerdict() throws Exception {
        String host = address.getHostAddress();
        try (Connmonitor connmonitor = monitor(host + " ping=0 scan=200 json=1\n")) {
            for (int i = 0; i < 2; i++) {
                JsonNode record = new ObjectMapper().readTree(connmonitor.nextLine(WAIT));
                assertThat(record.get("addr").textValue()).isEqualTo(host);
                JsonNode scan = record.get("scan");
                assertThat(scan.at("/http/response code").textValue()).isEqualTo("200");
                assertThat(scan.at("/http/server").textValue()).isEqualTo("scan-it/1.0");
                assertThat(scan.at("/http/rtt").doubleValue()).isPositive();
                assertThat(scan.at("/https/server").textValue()).isEqualTo("scan-it \"tls\"");
                assertThat(scan.at("/https/certificate verified").booleanValue()).isFalse();
                assertThat(scan.at("/mysql/version").textValue()).isEqualTo("10.11.6-MariaDB-1:10.11.6+maria~deb12");
                assertThat(scan.at("/mysql/error").isMissingNode()).isTrue();
            }
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
        }
    }
}
