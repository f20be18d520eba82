package connmonitor.metrics;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import connmonitor.support.Exposition;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What a scrape shows after given observations, read back through the strict exposition reader. */
class HostMetricsTest {

    private static final long MICROS = 1_764_075_599_123_456L;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HostMetrics metrics = new HostMetrics(registry);

    static Options options(double ping, double trace, double scan) {
        Options d = Options.DEFAULTS;
        return new Options(ping, d.numPings(), d.payload(), trace, d.hops(), scan, d.json(), d.timestamp());
    }

    static Target target(String name, String address, Options options) {
        return new Target(name, InetAddress.ofLiteral(address), options, 1);
    }

    private static final Target WEB = target("web", "192.0.2.7", options(500, 1000, 5000));
    private static final Target V6 = target("2001:db8::1", "2001:db8::1", options(500, 0, 0));

    static TraceResult trace(boolean reached, String... steps) {
        return new TraceResult(Arrays.stream(steps).map(step -> step.equals("*") ? TraceResult.Step.NO_ANSWER
                : TraceResult.Step.answered(InetAddress.ofLiteral(step), 1.5)).toList(), reached);
    }

    static ScanResult scan(Double http, Double https, Double mysql) {
        return new ScanResult(
                Optional.ofNullable(http).map(rtt -> new ScanResult.Http(rtt, "200", "nginx", ScanResult.Certificate.NONE)),
                Optional.ofNullable(https).map(rtt -> new ScanResult.Http(rtt, "301", "x", ScanResult.Certificate.VERIFIED)),
                Optional.ofNullable(mysql).map(rtt -> new ScanResult.Mysql(rtt, "10.11.6-MariaDB", Optional.empty())));
    }

    private void observe(Target target, connmonitor.probe.Measurement measurement) {
        metrics.record(new Observation(target, measurement, MICROS));
    }

    private Exposition scrape() {
        return Exposition.scrape(registry);
    }

    /** Label pairs selecting the series of WEB, then more pairs. */
    static String[] web(String... more) {
        String[] pairs = Arrays.copyOf(new String[] {"host", "web", "addr", "192.0.2.7"}, 4 + more.length);
        System.arraycopy(more, 0, pairs, 4, more.length);
        return pairs;
    }

    @Test
    void lastBurstStatisticsAreInSecondsAndCountersAddUp() throws IOException {
        metrics.track(List.of(WEB));
        observe(WEB, PingResult.of(4, new double[] {1.0, 3.0, 2.0}));
        observe(WEB, PingResult.of(4, new double[] {10.0, 30.0, 20.0, 40.0}));
        Exposition scrape = scrape();
        assertThat(scrape.value("connmonitor_ping_rtt_seconds", web("stat", "min"))).isEqualTo(0.010);
        assertThat(scrape.value("connmonitor_ping_rtt_seconds", web("stat", "avg"))).isCloseTo(0.025, within(1e-15));
        assertThat(scrape.value("connmonitor_ping_rtt_seconds", web("stat", "max"))).isEqualTo(0.040);
        assertThat(scrape.value("connmonitor_ping_rtt_seconds", web("stat", "stddev")))
                .isCloseTo(Math.sqrt(500.0 / 3) / 1000, within(1e-15));
        assertThat(scrape.value("connmonitor_ping_loss_ratio", web())).isZero();
        assertThat(scrape.value("connmonitor_ping_packets_sent_total", web())).isEqualTo(8);
        assertThat(scrape.value("connmonitor_ping_packets_received_total", web())).isEqualTo(7);
        assertThat(scrape.value("connmonitor_last_run_timestamp_seconds", web("kind", "ping")))
                .isCloseTo(MICROS / 1e6, within(1e-6));
    }

    @Test
    void everyReplyLandsInItsHistogramBucket() throws IOException {
        metrics.track(List.of(WEB));
        observe(WEB, PingResult.of(5, new double[] {0.05, 0.15, 0.9, 15.0, 12_000.0}));
        Exposition scrape = scrape();
        assertThat(scrape.value("connmonitor_ping_reply_rtt_seconds_bucket", web("le", "1.0E-4"))).isEqualTo(1);
        assertThat(scrape.value("connmonitor_ping_reply_rtt_seconds_bucket", web("le", "2.0E-4"))).isEqualTo(2);
        assertThat(scrape.value("connmonitor_ping_reply_rtt_seconds_bucket", web("le", "0.001"))).isEqualTo(3);
        assertThat(scrape.value("connmonitor_ping_reply_rtt_seconds_bucket", web("le", "0.02"))).isEqualTo(4);
        assertThat(scrape.value("connmonitor_ping_reply_rtt_seconds_bucket", web("le", "10.0"))).isEqualTo(4);
        assertThat(scrape.value("connmonitor_ping_reply_rtt_seconds_bucket", web("le", "+Inf"))).isEqualTo(5);
        assertThat(scrape.value("connmonitor_ping_reply_rtt_seconds_sum", web())).isCloseTo(12.01610, within(1e-9));
        assertThat(scrape.find("connmonitor_ping_reply_rtt_seconds_bucket", web())).hasSize(PingMetrics.RTT_BUCKETS.length + 1);
    }

    @Test
    void aBurstWithEveryRequestLostHasNaNRttsNotMinusOne() throws IOException {
        metrics.track(List.of(WEB));
        observe(WEB, PingResult.of(3, new double[] {5.0}));
        observe(WEB, PingResult.of(3, new double[0]));
        Exposition scrape = scrape();
        for (String stat : List.of("min", "avg", "max", "stddev")) {
            assertThat(scrape.value("connmonitor_ping_rtt_seconds", web("stat", stat))).isNaN();
        }
        assertThat(scrape.value("connmonitor_ping_loss_ratio", web())).isEqualTo(1.0);
        assertThat(scrape.value("connmonitor_ping_packets_sent_total", web())).isEqualTo(6);
        assertThat(scrape.value("connmonitor_ping_packets_received_total", web())).isEqualTo(1);
        assertThat(scrape.value("connmonitor_ping_reply_rtt_seconds_count", web())).isEqualTo(1);
    }

    @Test
    void partialLossIsTheShareOfRequestsUnanswered() throws IOException {
        metrics.track(List.of(WEB));
        observe(WEB, PingResult.of(8, new double[] {1, 1, 1, 1, 1, 1}));
        assertThat(scrape().value("connmonitor_ping_loss_ratio", web())).isEqualTo(0.25);
    }

    @Test
    void countersOfAConfiguredHostStartAtZeroBeforeItsFirstMeasurement() throws IOException {
        metrics.track(List.of(WEB));
        Exposition scrape = scrape();
        assertThat(scrape.value("connmonitor_ping_packets_sent_total", web())).isZero();
        assertThat(scrape.value("connmonitor_ping_packets_received_total", web())).isZero();
        assertThat(scrape.value("connmonitor_route_changes_total", web())).isZero();
        assertThat(scrape.value("connmonitor_ping_reply_rtt_seconds_count", web())).isZero();
        assertThat(scrape.find("connmonitor_ping_rtt_seconds")).isEmpty(); // no made-up gauge values
        assertThat(scrape.value("connmonitor_hosts")).isEqualTo(1);
    }

    @Test
    void everyTraceCountsAndOnlyADifferentRouteIsAChange() throws IOException {
        metrics.track(List.of(WEB));
        observe(WEB, trace(true, "10.0.0.1", "192.0.2.7"));           // baseline, not a change
        observe(WEB, trace(true, "10.0.0.1", "*", "192.0.2.7"));      // same route: * ignored
        observe(WEB, trace(true, "10.0.0.2", "192.0.2.7"));           // change 1
        observe(WEB, trace(true, "10.0.0.2", "192.0.2.7"));           // same
        observe(WEB, trace(false, "10.0.0.1", "*", "*", "*"));         // change 2
        Exposition scrape = scrape();
        assertThat(scrape.value("connmonitor_route_changes_total", web())).isEqualTo(2);
        assertThat(scrape.value("connmonitor_trace_hops", web())).isEqualTo(4);
        assertThat(scrape.value("connmonitor_trace_reached", web())).isZero();
        assertThat(scrape.value("connmonitor_last_run_timestamp_seconds", web("kind", "trace"))).isPositive();
    }

    @Test
    void aChangeAtAHopThePreviousTraceLostIsStillAChange() throws IOException {
        metrics.track(List.of(WEB));
        observe(WEB, trace(true, "10.0.0.1", "10.0.0.3", "192.0.2.7"));
        observe(WEB, trace(true, "10.0.0.1", "*", "192.0.2.7"));        // same route: the * learns nothing new
        observe(WEB, trace(true, "10.0.0.1", "10.0.0.4", "192.0.2.7")); // change 1: 10.0.0.3 was known there
        observe(WEB, trace(true, "10.0.0.1", "*", "192.0.2.7"));
        observe(WEB, trace(true, "10.0.0.1", "10.0.0.4", "192.0.2.7")); // the route since change 1
        assertThat(scrape().value("connmonitor_route_changes_total", web())).isEqualTo(1);
    }

    @Test
    void scanShowsEachServiceUpWithItsRttOrDownWithNaN() throws IOException {
        metrics.track(List.of(WEB));
        observe(WEB, scan(12.5, null, 0.75));
        Exposition scrape = scrape();
        assertThat(scrape.value("connmonitor_scan_up", web("service", "http"))).isEqualTo(1);
        assertThat(scrape.value("connmonitor_scan_up", web("service", "https"))).isZero();
        assertThat(scrape.value("connmonitor_scan_up", web("service", "mysql"))).isEqualTo(1);
        assertThat(scrape.value("connmonitor_scan_rtt_seconds", web("service", "http"))).isEqualTo(0.0125);
        assertThat(scrape.value("connmonitor_scan_rtt_seconds", web("service", "https"))).isNaN();
        assertThat(scrape.value("connmonitor_scan_rtt_seconds", web("service", "mysql"))).isEqualTo(0.00075);
    }

    @Test
    void hostsRemovedByAReloadDisappearWithEverySeries() throws IOException {
        metrics.track(List.of(WEB, V6));
        observe(WEB, PingResult.of(2, new double[] {1, 2}));
        observe(WEB, trace(true, "192.0.2.7"));
        observe(WEB, scan(1.0, 2.0, null));
        observe(V6, PingResult.of(2, new double[] {1, 2}));
        metrics.track(List.of(V6));
        Exposition scrape = scrape();
        assertThat(scrape.samples()).noneMatch(sample -> "web".equals(sample.labels().get("host")));
        assertThat(scrape.value("connmonitor_ping_packets_sent_total", "host", "2001:db8::1", "addr", "2001:db8::1"))
                .isEqualTo(2);
        assertThat(scrape.value("connmonitor_hosts")).isEqualTo(1);
    }

    @Test
    void aMeasurementFinishingAfterItsHostWasRemovedIsIgnored() throws IOException {
        metrics.track(List.of(WEB, V6));
        metrics.track(List.of(V6));
        observe(WEB, PingResult.of(2, new double[] {1, 2}));
        assertThat(scrape().samples()).noneMatch(sample -> "web".equals(sample.labels().get("host")));
    }

    @Test
    void aLoopTurnedOffByAReloadLosesItsSeriesWhileTheOthersStay() throws IOException {
        metrics.track(List.of(WEB));
        observe(WEB, PingResult.of(2, new double[] {1, 2}));
        observe(WEB, trace(true, "192.0.2.7"));
        Target traceOnly = target("web", "192.0.2.7", options(0, 1000, 0));
        metrics.track(List.of(traceOnly));
        observe(WEB, PingResult.of(2, new double[] {1, 2})); // the burst that was running at the reload
        Exposition scrape = scrape();
        assertThat(scrape.names()).noneMatch(name -> name.startsWith("connmonitor_ping_"));
        assertThat(scrape.find("connmonitor_last_run_timestamp_seconds", web())).extracting(s -> s.labels().get("kind"))
                .containsExactly("trace");
        assertThat(scrape.value("connmonitor_trace_hops", web())).isEqualTo(1);
    }

    @Test
    void aHostKeptAcrossAReloadKeepsItsCountersAndRouteHistory() throws IOException {
        metrics.track(List.of(WEB));
        observe(WEB, PingResult.of(2, new double[] {1, 2}));
        observe(WEB, trace(true, "10.0.0.1", "192.0.2.7"));
        Target changed = target("web", "192.0.2.7", options(250, 1000, 0)); // new options, same labels
        metrics.track(List.of(changed));
        observe(changed, PingResult.of(2, new double[] {1, 2}));
        observe(changed, trace(true, "10.0.0.9", "192.0.2.7"));
        Exposition scrape = scrape();
        assertThat(scrape.value("connmonitor_ping_packets_sent_total", web())).isEqualTo(4);
        assertThat(scrape.value("connmonitor_route_changes_total", web())).isEqualTo(1);
    }

    @Test
    void openMetricsOutputOfTheSameSeriesIsValidToo() throws IOException {
        metrics.track(List.of(WEB, V6));
        observe(WEB, PingResult.of(2, new double[] {1, 2}));
        observe(WEB, trace(true, "192.0.2.7"));
        observe(WEB, scan(1.0, null, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenMetricsTextFormatWriter.create().write(out, registry.scrape());
        Exposition scrape = Exposition.parseOpenMetrics(out.toString(StandardCharsets.UTF_8));
        assertThat(scrape.value("connmonitor_ping_packets_sent_total", web())).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("# UNIT connmonitor_ping_rtt_seconds seconds\n");
    }
}
