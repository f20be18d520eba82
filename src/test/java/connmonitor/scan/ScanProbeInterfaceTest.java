package connmonitor.scan;

import connmonitor.config.FleetOptions;
import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.ScanResult;
import connmonitor.probe.ScanResult.Certificate;
import connmonitor.icmp.BoundTcpSocket;
import connmonitor.support.Loopback;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host with {@code interface=} is scanned through the native connection (SO_BINDTODEVICE), which must
 * give the same results as the JDK's sockets: HTTP, HTTPS (TLS layered on it) and a MySQL greeting, and
 * nothing from a port that refuses or a peer that stays silent past the deadline. Loopback servers,
 * reached through {@code lo}; where packets leave with another interface is PacketControlsLabIT's.
 */
@Tag("root")
class ScanProbeInterfaceTest {

    private static final Duration DEADLINE = Duration.ofMillis(1500);

    private static InetAddress address;
    private static SelfSigned certificate;

    @BeforeAll
    static void addressAndCertificate() throws Exception {
        address = Loopback.randomV4();
        certificate = SelfSigned.generate(List.of("ip:" + address.getHostAddress()));
        // binding libc's calls takes seconds on a loaded VM; the daemon's ICMP engine has done it before any
        // scan, so do it here too rather than let the first scan's deadline pay for it
        try (BoundTcpSocket warm = BoundTcpSocket.connect(new InetSocketAddress(address,
                Loopback.freePort(address.getHostAddress())), "lo", null, -1, 1000)) {
            throw new AssertionError("nothing listens there");
        } catch (ConnectException refused) {
            // as expected
        }
    }

    private static Target throughLo(InetAddress to, Optional<InetAddress> source, int tos) {
        FleetOptions fleet = new FleetOptions(new LinkedHashMap<>(), FleetOptions.AddressFamily.ANY, false, 0,
                source, Optional.of("lo"), tos, -1);
        return new Target(to.getHostAddress(), to, Options.DEFAULTS, 1, fleet);
    }

    private static ScanResult scan(ScanSettings settings, Target target) throws Exception {
        return new ScanProbe(settings, certificate.trustingIt()).measure(target)
                .get(settings.deadline().toMillis() + 8000, TimeUnit.MILLISECONDS);
    }

    @Test
    void theThreeServicesAnswerAsThroughJavaNet() throws Exception {
        byte[] greeting = MysqlPackets.greeting("10.11.6-MariaDB");
        try (TestWebServer http = TestWebServer.http(address, 0, 200, "through-lo");
             TestWebServer https = TestWebServer.https(address, 0, 404, "tls-through-lo", certificate.serverContext());
             TestPeer mysql = TestPeer.start(address, 0, client -> {
                 OutputStream out = client.getOutputStream();
                 out.write(greeting);
                 out.flush();
             })) {
            // the default 5 s: a JVM's first TLS handshake takes seconds on a loaded VM (measured 3 s at load 20)
            ScanSettings settings = ScanSettings.DEFAULTS.withPorts(http.port(), https.port(), mysql.port());

            ScanResult javaNet = scan(settings, ScanTargets.target(address)); // first: it pays for TLS's start-up
            ScanResult native_ = scan(settings, throughLo(address, Optional.of(address), 0xb8));

            assertThat(native_.http().orElseThrow().statusCode()).isEqualTo("200");
            assertThat(native_.http().orElseThrow().server()).isEqualTo("through-lo");
            assertThat(native_.https().orElseThrow().statusCode()).isEqualTo("404");
            assertThat(native_.https().orElseThrow().certificate()).isEqualTo(Certificate.VERIFIED);
            assertThat(native_.mysql().orElseThrow().version()).isEqualTo("10.11.6-MariaDB");
            assertThat(native_.http().orElseThrow().rttMillis()).isBetween(0.0, 5000.0);
            assertThat(withoutTimes(native_)).isEqualTo(withoutTimes(javaNet));
            String host = address.getHostAddress();
            TestWebServer.Request toHttp = new TestWebServer.Request("HEAD", "/", host + ":" + http.port(), "close");
            TestWebServer.Request toHttps = new TestWebServer.Request("HEAD", "/", host + ":" + https.port(), "close");
            assertThat(http.requests()).containsExactly(toHttp, toHttp);
            assertThat(https.requests()).containsExactly(toHttps, toHttps);
        }
    }

    @Test
    void refusedAndSilentPortsAreAbsentByTheDeadline() throws Exception {
        try (TestPeer silent = TestPeer.start(address, 0, client -> client.getInputStream().readAllBytes())) {
            int refused = Loopback.freePort(address.getHostAddress());
            ScanSettings settings = ScanSettings.DEFAULTS.withPorts(refused, silent.port(), silent.port())
                    .withDeadline(DEADLINE);
            long start = System.nanoTime();

            ScanResult result = scan(settings, throughLo(address, Optional.empty(), -1));

            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(result).isEqualTo(new ScanResult(Optional.empty(), Optional.empty(), Optional.empty()));
            // the silent peer holds two probes until the deadline, not past the watchdog's 1 s grace, plus 2 s for a
            // machine that stalls whole (CI's VM, up to 2 s); under the default 5 s deadline a scan ignoring its own would take
            assertThat(millis).isBetween(DEADLINE.toMillis() - 50, DEADLINE.toMillis() + 3000);
        }
    }

    /** The results with every RTT set to 0: the measured times differ, nothing else may. */
    private static ScanResult withoutTimes(ScanResult result) {
        return new ScanResult(
                result.http().map(h -> new ScanResult.Http(0, h.statusCode(), h.server(), h.certificate())),
                result.https().map(h -> new ScanResult.Http(0, h.statusCode(), h.server(), h.certificate())),
                result.mysql().map(m -> new ScanResult.Mysql(0, m.version(), m.error())));
    }
}
