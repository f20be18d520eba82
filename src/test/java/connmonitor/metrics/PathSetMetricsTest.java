package connmonitor.metrics;

import connmonitor.config.ConfigParser;
import connmonitor.config.HostEntry;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PathResult;
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
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/** paths=: the number of paths and each path's hops as series, following the latest run. */
class PathSetMetricsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HostMetrics metrics = new HostMetrics(registry);
    private static final Target WEB = target("web ping=0 paths=1000 proto=udp", "10.0.6.2");

    /** The target of a one-line config, at this address. */
    static Target target(String line, String address) {
        HostEntry entry = ConfigParser.parse(line).hosts().getFirst();
        return new Target(entry.host(), InetAddress.ofLiteral(address), entry.options(), entry.line(), entry.fleet());
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

    private static final List<String> PATH_SET_FAMILIES = List.of("connmonitor_paths", "connmonitor_path_hop_info");

    private void record(Target target, List<List<InetAddress>> paths) {
        metrics.record(new Observation(target, new PathSetResult(paths, 8, 24), 0));
    }

    @Test
    void aReloadThatDropsPathsEndsThePathSetSeriesOfThatHostOnly() throws IOException {
        Target db = target("db ping=0 paths=1000 proto=udp", "10.0.7.2");
        metrics.track(List.of(WEB, db));
        record(WEB, List.of(path("10.0.1.2", "10.0.6.2")));
        record(db, List.of(path("10.0.1.2", "10.0.7.2"), path("10.0.3.2", "10.0.7.2")));
        Exposition before = scrape();

        Target webTraceOnly = target("web ping=0 trace=1000 proto=udp", "10.0.6.2");
        metrics.track(List.of(webTraceOnly, db));
        record(WEB, List.of(path("10.0.1.2", "10.0.6.2"))); // the run that was going at the reload
        Exposition after = scrape();
        assertSoftly(each -> PATH_SET_FAMILIES.forEach(family -> {
            each.assertThat(after.find(family, "host", "web")).as(family + " of web").isEmpty();
            each.assertThat(after.find(family, "host", "db")).as(family + " of db").isNotEmpty()
                    .isEqualTo(before.find(family, "host", "db"));
        }));
        assertThat(after.find("connmonitor_last_run_timestamp_seconds", "host", "web", "kind", "paths")).isEmpty();
    }

    @Test
    void aRemovedHostLosesItsHopAndPathSetSeries() throws IOException {
        Target both = target("web ping=0 trace=1000 path=5000 paths=1000 proto=udp", "10.0.6.2");
        // db stays so that the label names stay: a reload that changes them makes every series anew
        Target db = target("db ping=0 trace=1000 path=5000 paths=1000 proto=udp", "10.0.7.2");
        metrics.track(List.of(both, db));
        record(both, List.of(path("10.0.1.2", "10.0.6.2")));
        metrics.record(new Observation(both, new PathResult(List.of(new PathResult.Hop(1,
                InetAddress.ofLiteral("10.0.1.2"), 4, 4, 1.0, 1.0, 1.0, 1.0, 0.1)), 4), 0));
        List<String> families = List.of("connmonitor_paths", "connmonitor_path_hop_info", "connmonitor_hop_rtt_seconds",
                "connmonitor_hop_loss_ratio", "connmonitor_hop_jitter_seconds");
        for (String family : families) {
            assertThat(scrape().find(family, "host", "web")).as(family).isNotEmpty();
        }
        metrics.track(List.of(db));
        Exposition after = scrape();
        assertSoftly(each -> families.forEach(family -> each.assertThat(after.find(family, "host", "web")).as(family)
                .isEmpty()));
    }
}
