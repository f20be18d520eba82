package connmonitor.scan;

import connmonitor.support.Loopback;
import static org.assertj.core.api.Assertions.assertThat;

import connmonitor.config.Addresses;
import connmonitor.config.Target;
import connmonitor.probe.ScanResult;
import connmonitor.probe.ScanResult.Certificate;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real JDK web servers on the ports the daemon scans (80, 443), on a loopback address of their own. */
@Tag("root")
class ScanProbeWebTest {

    private static InetAddress address;
    private static SelfSigned certificate;

    @BeforeAll
    static void addressAndCertificate() throws Exception {
        address = Loopback.randomV4WithFree(80, 443);
        certificate = SelfSigned.generate(List.of("ip:" + address.getHostAddress(), "ip:::1"));
    }

    private static ScanResult scan(ScanProbe probe, Target target) throws Exception {
        return probe.measure(target).get(probe.settings().deadline().toMillis() + 8000, TimeUnit.MILLISECONDS);
    }

    @Test
    void reportsStatusAndServerOfHttpAndHttpsOnTheDaemonsPorts() throws Exception {
        try (TestWebServer http = TestWebServer.http(address, 80, 200, "connmonitor-test/1.0 (Debian)");
             TestWebServer https = TestWebServer.https(address, 443, 404, null, certificate.serverContext())) {
            ScanProbe probe = new ScanProbe();
            assertThat(probe.settings()).isEqualTo(ScanSettings.DEFAULTS);

            ScanResult result = scan(probe, ScanTargets.target(address));

            ScanResult.Http web = result.http().orElseThrow();
            assertThat(web.statusCode()).isEqualTo("200");
            assertThat(web.server()).isEqualTo("connmonitor-test/1.0 (Debian)");
            assertThat(web.certificate()).isEqualTo(Certificate.NONE);
            assertThat(web.rttMillis()).isBetween(0.0, 5000.0);
            ScanResult.Http secure = result.https().orElseThrow();
            assertThat(secure.statusCode()).isEqualTo("404");
            assertThat(secure.server()).isEqualTo("Unknown");
            assertThat(secure.certificate()).as("self-signed, not in the JDK's cacerts").isEqualTo(Certificate.UNVERIFIED);
            assertThat(secure.rttMillis()).isBetween(0.0, 5000.0);
            assertThat(result.mysql()).as("nothing listens on 3306 there").isEmpty();

            TestWebServer.Request expected = new TestWebServer.Request("HEAD", "/", address.getHostAddress(), "close");
            assertThat(http.requests()).containsExactly(expected);
            assertThat(https.requests()).containsExactly(expected);
        }
    }

    @Test
    void aCertificateVerifiesOnlyWhenTrustedAndIssuedForTheNameScanned() throws Exception {
        try (TestWebServer https = TestWebServer.https(address, 443, 200, "tls-test", certificate.serverContext())) {
            ScanProbe trusting = new ScanProbe(ScanSettings.DEFAULTS, certificate.trustingIt());

            ScanResult.Http byAddress = scan(trusting, ScanTargets.target(address)).https().orElseThrow();
            ScanResult.Http byOtherName = scan(trusting, ScanTargets.target("scan-mismatch.invalid", address)).https().orElseThrow();

            assertThat(byAddress.certificate()).isEqualTo(Certificate.VERIFIED);
            assertThat(byOtherName.certificate()).as("trusted chain, wrong name").isEqualTo(Certificate.UNVERIFIED);
            assertThat(byOtherName.statusCode()).as("a mismatched certificate still counts as a server").isEqualTo("200");
            assertThat(https.requests()).extracting(TestWebServer.Request::host)
                    .containsExactly(address.getHostAddress(), "scan-mismatch.invalid");
        }
    }

    @Test
    void scansAnIpv6Host() throws Exception {
        InetAddress v6 = ScanTargets.V6;
        byte[] greeting = MysqlPackets.greeting("5.5.5-10.11.6-MariaDB");
        try (TestWebServer http = TestWebServer.http(v6, 0, 302, "v6-web");
             TestWebServer https = TestWebServer.https(v6, 0, 200, "v6-tls", certificate.serverContext());
             TestPeer mysql = TestPeer.start(v6, 0, client -> {
                 client.getOutputStream().write(greeting);
                 client.getInputStream().read(); // wait for the scan to hang up
             })) {
            ScanSettings settings = ScanSettings.DEFAULTS.withPorts(http.port(), https.port(), mysql.port());
            ScanProbe probe = new ScanProbe(settings, certificate.trustingIt());

            ScanResult result = scan(probe, ScanTargets.target(v6));

            assertThat(result.http().orElseThrow().statusCode()).isEqualTo("302");
            assertThat(result.http().orElseThrow().server()).isEqualTo("v6-web");
            assertThat(result.https().orElseThrow().server()).isEqualTo("v6-tls");
            assertThat(result.https().orElseThrow().certificate()).isEqualTo(Certificate.VERIFIED);
            assertThat(result.mysql().orElseThrow().version()).isEqualTo("10.11.6-MariaDB");
            assertThat(http.requests()).extracting(TestWebServer.Request::host).containsExactly("[::1]:" + http.port());
            assertThat(Addresses.format(v6)).isEqualTo("::1");
        }
    }

    @Test
    void theThreePortsAreProbedAtTheSameTime() throws Exception {
        Duration deadline = Duration.ofMillis(1500);
        try (TestPeer silent = TestPeer.start(address, 0, client -> client.getInputStream().readAllBytes())) {
            ScanSettings settings = ScanSettings.DEFAULTS.withPorts(silent.port(), silent.port(), silent.port())
                    .withDeadline(deadline);
            long start = System.nanoTime();

            ScanResult result = scan(new ScanProbe(settings), ScanTargets.target(address));

            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(result).isEqualTo(new ScanResult(Optional.empty(), Optional.empty(), Optional.empty()));
            assertThat(silent.acceptedSoon(3)).isEqualTo(3);
            // one after another they would take three deadlines, 4.5 s; 4 s leaves 2 s for a whole-machine stall (CI's
            // VM, 0.5-2 s), which the bound of 2.4 s before did not
            assertThat(millis).as("three silent ports in about one deadline, not three").isBetween(1400L, 4000L);
        }
    }
}
