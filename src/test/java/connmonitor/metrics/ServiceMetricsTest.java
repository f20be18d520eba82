package connmonitor.metrics;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.Kind;
import connmonitor.probe.Problems;
import connmonitor.support.Exposition;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitor's own series: build info, problems counted by kind and type, the last config load. */
class ServiceMetricsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ServiceMetrics metrics = new ServiceMetrics(registry, "5.0.0");

    private Exposition scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return Exposition.parsePrometheusText(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void buildInfoIsOneWithTheVersionAndJava() throws Exception {
        assertThat(scrape().value("connmonitor_build_info", "version", "5.0.0",
                "java_version", Runtime.version().toString())).isEqualTo(1.0);
    }

    @Test
    void everyReportIsCountedByKindAndTypeAndStillReachesTheLog() throws Exception {
        List<String> logged = new ArrayList<>();
        Problems counted = metrics.counting(new Problems() {
            @Override
            public void report(Target target, Kind kind, String type, String description) {
                logged.add(type);
            }

            @Override
            public void clear(Target target, Kind kind) {
                logged.add("clear");
            }
        });
        Target host = new Target("h", InetAddress.ofLiteral("127.0.0.1"), Options.DEFAULTS, 1);
        counted.report(host, Kind.PING, "NetworkError", "no route");
        counted.report(host, Kind.PING, "NetworkError", "no route");
        counted.report(host, Kind.SCAN, "TimeoutError", "slow");
        counted.clear(host, Kind.PING);
        assertThat(logged).containsExactly("NetworkError", "NetworkError", "TimeoutError", "clear");
        Exposition scrape = scrape();
        assertThat(scrape.value("connmonitor_errors_total", "kind", "ping", "type", "NetworkError")).isEqualTo(2.0);
        assertThat(scrape.value("connmonitor_errors_total", "kind", "scan", "type", "TimeoutError")).isEqualTo(1.0);
    }

    @Test
    void socketDropsAreACounterPerFamilyReadAtEachScrape() throws Exception {
        long[] drops = {0, 0};
        metrics.countSocketDrops(() -> drops[0], () -> drops[1]);
        assertThat(scrape().value("connmonitor_socket_drops_total", "family", "ipv4")).isZero();
        drops[0] = 472;
        drops[1] = 3;
        Exposition scrape = scrape();
        assertThat(scrape.value("connmonitor_socket_drops_total", "family", "ipv4")).isEqualTo(472.0);
        assertThat(scrape.value("connmonitor_socket_drops_total", "family", "ipv6")).isEqualTo(3.0);
    }

    @Test
    void aFailedReloadKeepsTheTimeOfTheLastGoodOne() throws Exception {
        metrics.reloaded(true, 1_800_000_000.5);
        metrics.reloaded(false, 0);
        Exposition scrape = scrape();
        assertThat(scrape.value("connmonitor_config_last_reload_successful")).isZero();
        assertThat(scrape.value("connmonitor_config_last_reload_success_timestamp_seconds")).isEqualTo(1_800_000_000.5);
    }
}
