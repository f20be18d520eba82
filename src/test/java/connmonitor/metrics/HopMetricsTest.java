package connmonitor.metrics;

import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PathResult;
import connmonitor.support.Exposition;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

import static connmonitor.metrics.HostMetricsTest.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/** path=: mtr's columns per hop as series, following the path and the config's path= lines. */
class HopMetricsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HostMetrics metrics = new HostMetrics(registry);

    /** A host traced with per-hop statistics. */
    private static final Target WEB_PATH = PathSetMetricsTest.target("web trace=1000 path=5000", "192.0.2.7");

    private static final List<String> HOP_FAMILIES =
            List.of("connmonitor_hop_rtt_seconds", "connmonitor_hop_loss_ratio", "connmonitor_hop_jitter_seconds");

    private void observe(Target target, connmonitor.probe.Measurement measurement) {
        metrics.record(new Observation(target, measurement, 1_764_075_599_123_456L));
    }

    private Exposition scrape() {
        return Exposition.scrape(registry);
    }


    /** A hop of a path record: 10 probes, {@code received} answered, avg 2 ms, jitter 0.5 ms ({@code *}: none). */
    private static PathResult.Hop hop(int hop, String address, int received) {
        return received == 0 ? new PathResult.Hop(hop, address.equals("*") ? null : InetAddress.ofLiteral(address), 10, 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                : new PathResult.Hop(hop, InetAddress.ofLiteral(address), 10, received, 1.0, 2.0, 1.0, 3.0, 0.5);
    }

    @Test
    void hopSeriesFollowThePathAndDropHopsThatWentAway() throws IOException {
        metrics.track(List.of(WEB_PATH));
        observe(WEB_PATH, new PathResult(List.of(hop(1, "10.0.1.1", 10), hop(2, "10.0.2.1", 7), hop(3, "*", 0)), 10));
        Exposition scrape = scrape();
        assertThat(scrape.value("connmonitor_hop_rtt_seconds", web("hop", "1", "hop_addr", "10.0.1.1"))).isEqualTo(0.002);
        assertThat(scrape.value("connmonitor_hop_loss_ratio", web("hop", "2", "hop_addr", "10.0.2.1")))
                .isCloseTo(0.3, within(1e-12));
        assertThat(scrape.value("connmonitor_hop_jitter_seconds", web("hop", "2", "hop_addr", "10.0.2.1"))).isEqualTo(0.0005);
        assertThat(scrape.value("connmonitor_hop_loss_ratio", web("hop", "3", "hop_addr", "*"))).isEqualTo(1.0);
        assertThat(scrape.find("connmonitor_hop_rtt_seconds", web("hop", "3"))).isEmpty();

        // the path got shorter and hop 1 answers from another router: only hop 1 at 10.0.2.1 is left
        observe(WEB_PATH, new PathResult(List.of(hop(1, "10.0.2.1", 10)), 10));
        Exposition after = scrape();
        assertSoftly(each -> HOP_FAMILIES.forEach(family -> each.assertThat(after.find(family, "host", "web").stream()
                .map(sample -> sample.labels().get("hop") + " " + sample.labels().get("hop_addr")).toList())
                .as(family).containsExactly("1 10.0.2.1")));
        metrics.track(List.of());
        for (String family : HOP_FAMILIES) {
            assertThat(scrape().find(family)).as(family).isEmpty();
        }
    }

    @Test
    void aReloadThatDropsPathEndsTheHopSeriesOfThatHostOnly() throws IOException {
        Target dbPath = PathSetMetricsTest.target("db trace=1000 path=5000", "192.0.2.8");
        metrics.track(List.of(WEB_PATH, dbPath));
        observe(WEB_PATH, HostMetricsTest.trace(true, "10.0.1.1", "192.0.2.7"));
        observe(WEB_PATH, new PathResult(List.of(hop(1, "10.0.1.1", 10), hop(2, "192.0.2.7", 7)), 10));
        observe(dbPath, new PathResult(List.of(hop(1, "10.0.1.1", 9)), 10));
        Exposition before = scrape();
        HOP_FAMILIES.forEach(family -> assertThat(before.find(family, "host", "web")).as(family).hasSize(2));

        Target webTraceOnly = PathSetMetricsTest.target("web trace=1000", "192.0.2.7");
        metrics.track(List.of(webTraceOnly, dbPath));
        assertWebHopsGoneDbHopsKept(before, scrape());
        // a trace that was running at the reload still brings the old line's path record
        observe(WEB_PATH, new PathResult(List.of(hop(1, "10.0.1.1", 10)), 11));
        Exposition after = scrape();
        assertWebHopsGoneDbHopsKept(before, after);
        assertThat(after.value("connmonitor_trace_hops", web())).isEqualTo(2); // the trace loop stays
    }

    private static void assertWebHopsGoneDbHopsKept(Exposition before, Exposition after) {
        assertSoftly(each -> HOP_FAMILIES.forEach(family -> {
            each.assertThat(after.find(family, "host", "web")).as(family + " of web").isEmpty();
            each.assertThat(after.find(family, "host", "db")).as(family + " of db").hasSize(1)
                    .isEqualTo(before.find(family, "host", "db"));
        }));
    }
}
