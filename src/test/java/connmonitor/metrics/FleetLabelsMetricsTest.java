package connmonitor.metrics;

import connmonitor.config.ConfigParser;
import connmonitor.config.HostEntry;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.support.Exposition;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A host's own labels on every series of that host, and the vantage on every connmonitor series. */
class FleetLabelsMetricsTest {

    private static final long MICROS = 1_764_075_599_123_456L;
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private static Target target(String line, String address) {
        HostEntry entry = ConfigParser.parse(line).hosts().getFirst();
        return new Target(entry.host(), InetAddress.ofLiteral(address), entry.options(), 1, entry.fleet());
    }

    private String text() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void observeAll(HostMetrics metrics, Target target) {
        metrics.record(new Observation(target, PingResult.of(2, new double[] {1.0, 2.0}), MICROS));
        metrics.record(new Observation(target, HostMetricsTest.trace(true, "192.0.2.1", "192.0.2.7"), MICROS));
        metrics.record(new Observation(target, HostMetricsTest.scan(1.0, null, null), MICROS));
    }

    @Test
    void everySeriesOfAHostCarriesItsLabelsAndEverySeriesTheVantage() throws IOException {
        HostMetrics metrics = new HostMetrics(registry, Optional.of("fra1-a"), RttHistogram.CLASSIC);
        Target web = target("web ping=500 trace=1000 scan=5000 label.site=fra1 label.Role=db", "192.0.2.7");
        Target other = target("other ping=500 trace=1000 scan=5000 label.site=ams", "192.0.2.8");
        metrics.track(List.of(web, other));
        observeAll(metrics, web);
        observeAll(metrics, other);
        String text = text();
        assertThat(text).contains("connmonitor_ping_packets_sent_total{Role=\"\",addr=\"192.0.2.8\",host=\"other\","
                + "site=\"ams\",vantage=\"fra1-a\"} 2.0"); // empty is absent to Prometheus
        Exposition scrape = Exposition.parsePrometheusText(text);
        List<Exposition.Sample> connmonitor = scrape.samples().stream()
                .filter(sample -> sample.name().startsWith("connmonitor_")).toList();
        assertThat(connmonitor).isNotEmpty().allSatisfy(sample ->
                assertThat(sample.labels()).containsEntry("vantage", "fra1-a"));
        List<Exposition.Sample> perHost = connmonitor.stream().filter(s -> !s.name().equals("connmonitor_hosts")).toList();
        assertThat(perHost.stream().filter(s -> s.labels().get("host").equals("web")))
                .hasSizeGreaterThan(20)
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("site", "fra1").containsEntry("Role", "db"));
        assertThat(perHost.stream().filter(s -> s.labels().get("host").equals("other")))
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("site", "ams").doesNotContainEntry("Role", "db"));
        assertThat(scrape.value("connmonitor_hosts", "vantage", "fra1-a")).isEqualTo(2);
        assertThat(scrape.value("connmonitor_ping_packets_sent_total", "host", "web", "site", "fra1")).isEqualTo(2);
    }

    @Test
    void withoutLabelsOrVantageTheSeriesAreNamedAsBefore() throws IOException {
        HostMetrics metrics = new HostMetrics(registry);
        Target plain = target("web ping=500 trace=1000 scan=5000", "192.0.2.7");
        metrics.track(List.of(plain));
        observeAll(metrics, plain);
        for (Exposition.Sample sample : Exposition.parsePrometheusText(text()).samples()) {
            if (sample.name().equals("connmonitor_hosts")) {
                assertThat(sample.labels()).isEmpty();
            } else if (sample.name().startsWith("connmonitor_")) {
                assertThat(sample.labels()).containsEntry("host", "web").containsEntry("addr", "192.0.2.7")
                        .containsOnlyKeys(List.of("host", "addr", "stat", "kind", "service", "le").stream()
                                .filter(sample.labels()::containsKey).toList());
            }
        }
    }

    @Test
    void aReloadThatChangesALabelDropsTheOldSeries() throws IOException {
        HostMetrics metrics = new HostMetrics(registry);
        Target before = target("web label.site=fra1", "192.0.2.7");
        metrics.track(List.of(before));
        observeAll(metrics, before);
        Target after = target("web label.site=fra2", "192.0.2.7");
        metrics.track(List.of(after));
        metrics.record(new Observation(after, PingResult.of(2, new double[] {1.0}), MICROS));
        Exposition scrape = Exposition.parsePrometheusText(text());
        assertThat(scrape.find("connmonitor_ping_packets_sent_total", "site", "fra1")).isEmpty();
        assertThat(scrape.value("connmonitor_ping_packets_sent_total", "site", "fra2")).isEqualTo(2);
        metrics.track(List.of(target("web", "192.0.2.7")));
        assertThat(Exposition.parsePrometheusText(text()).samples())
                .noneMatch(sample -> sample.labels().containsKey("site"));
    }
}
