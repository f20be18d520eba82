package connmonitor.metrics;

import connmonitor.config.ConfigParser;
import connmonitor.config.HostEntry;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PathSetResult;
import connmonitor.support.Exposition;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** paths=: the number of paths and each path's hops as series, following the latest run. */
class PathSetMetricsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HostMetrics metrics = new HostMetrics(registry);
    private static final Target WEB = target("web ping=0 paths=1000 proto=udp");

    private static Target target(String line) {
        HostEntry entry = ConfigParser.parse(line).hosts().getFirst();
        return new Target(entry.host(), InetAddress.ofLiteral("10.0.6.2"), entry.options(), entry.line(), entry.fleet());
    }

    private static List<InetAddress> path(String... hops) {
        return Arrays.stream(hops).map(hop -> hop.equals("*") ? null : InetAddress.ofLiteral(hop)).toList();
    }

    private Exposition scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return Exposition.parsePrometheusText(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void pathsAndTheirHopsFollowTheLatestRunAndGoWithTheHost() throws IOException {
        metrics.track(List.of(WEB));
        metrics.record(new Observation(WEB, new PathSetResult(List.of(path("10.0.1.2", "10.0.2.2", "10.0.6.2"),
                path("10.0.1.2", "*", "10.0.6.2")), 16, 96), 0));
        Exposition two = scrape();
        assertThat(two.value("connmonitor_paths", "host", "web")).isEqualTo(2);
        assertThat(two.find("connmonitor_path_hop_info", "host", "web")).hasSize(6);
        // string order: "*" sorts before "10.0.2.2", so the path with the silent hop is path 1
        assertThat(two.value("connmonitor_path_hop_info", "host", "web", "path", "1", "hop", "2", "hop_addr", "*"))
                .isEqualTo(1);
        assertThat(two.value("connmonitor_path_hop_info", "host", "web", "path", "2", "hop", "2",
                "hop_addr", "10.0.2.2")).isEqualTo(1);
        assertThat(two.find("connmonitor_last_run_timestamp_seconds", "kind", "paths")).hasSize(1);

        metrics.record(new Observation(WEB, new PathSetResult(List.of(path("10.0.1.2", "10.0.3.2", "10.0.6.2")), 6,
                36), 0));
        Exposition one = scrape();
        assertThat(one.value("connmonitor_paths", "host", "web")).isEqualTo(1);
        assertThat(one.find("connmonitor_path_hop_info", "host", "web")).hasSize(3)
                .allSatisfy(sample -> assertThat(sample.labels()).containsEntry("path", "1"));
        assertThat(one.value("connmonitor_path_hop_info", "host", "web", "path", "1", "hop", "2",
                "hop_addr", "10.0.3.2")).isEqualTo(1);

        metrics.track(List.of());
        assertThat(scrape().find("connmonitor_paths")).isEmpty();
        assertThat(scrape().find("connmonitor_path_hop_info")).isEmpty();
    }
}
