package connmonitor.scan;

import connmonitor.support.Loopback;
import static org.assertj.core.api.Assertions.assertThat;

import connmonitor.probe.ScanResult;
import connmonitor.probe.ScanResult.Certificate;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Debian's nginx on 127.x.y.z ports 80 and 443: a real server and a TLS stack (OpenSSL) that is not Java's. */
@Tag("root")
@Tag("server")
class ScanProbeNginxTest {

    @Test
    void reportsNginxAsItAnnouncesItself() throws Exception {
        InetAddress address = Loopback.randomV4WithFree(80, 443);
        SelfSigned certificate = SelfSigned.generate(List.of("ip:" + address.getHostAddress()));
        try (NginxServer nginx = NginxServer.start(address, 80, 443, certificate)) {
            ScanResult result = new ScanProbe().measure(ScanTargets.target(address)).get(10, TimeUnit.SECONDS);

            String version = NginxServer.version();
            assertThat(version).startsWith("nginx/");
            ScanResult.Http http = result.http().orElseThrow();
            assertThat(http.statusCode()).isEqualTo("200");
            assertThat(http.server()).isEqualTo(version);
            ScanResult.Http https = result.https().orElseThrow();
            assertThat(https.statusCode()).isEqualTo("301");
            assertThat(https.server()).isEqualTo(version);
            assertThat(https.certificate()).isEqualTo(Certificate.UNVERIFIED);
            assertThat(https.rttMillis()).isGreaterThan(0.0).isLessThan(5000.0);
            assertThat(result.mysql()).isEmpty();

            ScanResult.Http trusted = new ScanProbe(ScanSettings.DEFAULTS, certificate.trustingIt())
                    .measure(ScanTargets.target(address)).get(10, TimeUnit.SECONDS).https().orElseThrow();
            assertThat(trusted.certificate()).isEqualTo(Certificate.VERIFIED);
            assertThat(nginx.alive()).as("nginx took the scans in its stride").isTrue();
        }
    }
}
