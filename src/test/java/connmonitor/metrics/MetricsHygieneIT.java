package connmonitor.metrics;

import connmonitor.support.Commands;
import connmonitor.support.Connmonitor;
import connmonitor.support.Exposition;
import connmonitor.support.Loopback;
import connmonitor.support.Scraper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real process's exposition as an SRE checks it: Debian's promtool finds nothing to say about it,
 * it carries build info and the config's reload state, and the RTT histogram can be made smaller.
 */
class MetricsHygieneIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void promtoolChecksTheExpositionCleanAndTheMonitorDescribesItself() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool (Debian package prometheus) is missing");
        String bind = Loopback.randomAddress();
        int port = Loopback.freePort(bind);
        Path config = dir.resolve("connmonitor.conf");
        Files.writeString(config, "localhost ping=100 numpings=3 trace=500 hops=3 scan=1000 json=1\n::1 ping=100 json=1\n");
        try (Connmonitor monitor = Connmonitor.start("--metrics", bind + ":" + port, config.toString())) {
            // in any order: an unchanged route is printed only once, maybe before the first ping
            java.util.Set<String> kinds = new java.util.HashSet<>(List.of("\"ping\"", "\"trace\"", "\"scan\""));
            long recordsDeadline = System.nanoTime() + WAIT.toNanos();
            while (!kinds.isEmpty()) {
                assertThat(System.nanoTime()).as("records of " + kinds).isLessThan(recordsDeadline);
                String line = monitor.nextLine(WAIT);
                kinds.removeIf(line::contains);
            }
            Scraper scraper = new Scraper(bind + ":" + port);
            String body = scraper.get().body();
            Path scrape = dir.resolve("scrape.txt");
            Files.writeString(scrape, body);
            Commands.Outcome promtool = Commands.run(List.of("sh", "-c", "promtool check metrics < " + scrape));
            assertThat(promtool.exit()).as(promtool.toString()).isZero();
            assertThat(promtool.out() + promtool.err()).isBlank();

            Exposition metrics = Exposition.parsePrometheusText(body);
            assertThat(metrics.find("connmonitor_build_info")).singleElement().satisfies(sample -> {
                assertThat(sample.value()).isEqualTo(1.0);
                assertThat(sample.labels()).containsEntry("version", "5.0.0");
                assertThat(sample.labels().get("java_version")).startsWith("25");
            });
            assertThat(metrics.value("connmonitor_config_last_reload_successful")).isEqualTo(1.0);
            double loaded = metrics.value("connmonitor_config_last_reload_success_timestamp_seconds");
            assertThat(loaded).isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(60.0));
            // connmonitor_errors_total has no series until a problem: ServiceMetricsTest counts them

            Thread.sleep(1100);
            monitor.signal("HUP");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (scraper.text().value("connmonitor_config_last_reload_success_timestamp_seconds") == loaded) {
                assertThat(System.nanoTime()).as("reload time did not move").isLessThan(deadline);
                Thread.sleep(100);
            }
            monitor.signal("TERM");
            assertThat(monitor.waitFor(WAIT)).isZero();
            assertThat(monitor.stderrLines()).isEmpty();
        }
    }

    @Test
    void theRttHistogramCanBeNativeOrOffToKeepSeriesInCheck() throws Exception {
        Path config = dir.resolve("connmonitor.conf");
        Files.writeString(config, "127.0.0.1 ping=100 numpings=3 json=1\n");
        List<Exposition.Sample> classic = seriesOfHost(config, List.of());
        List<Exposition.Sample> off = seriesOfHost(config, List.of("--metrics-rtt-histogram", "off"));
        List<Exposition.Sample> nativeHistogram = seriesOfHost(config, List.of("--metrics-rtt-histogram=native"));
        System.out.println("series of one pinged host: classic " + classic.size() + ", native (text format) "
                + nativeHistogram.size() + ", off " + off.size());
        assertThat(off).noneMatch(sample -> sample.name().startsWith("connmonitor_ping_reply_rtt_seconds"));
        assertThat(classic.size() - off.size()).isEqualTo(PingMetrics.RTT_BUCKETS.length + 3); // +Inf, _sum, _count
        // in the text format a native histogram is its _count, _sum and the +Inf bucket; the rest is protobuf's
        assertThat(nativeHistogram).filteredOn(sample -> sample.name().startsWith("connmonitor_ping_reply_rtt_seconds"))
                .extracting(sample -> sample.name() + sample.labels().getOrDefault("le", ""))
                .containsExactlyInAnyOrder("connmonitor_ping_reply_rtt_seconds_bucket+Inf",
                        "connmonitor_ping_reply_rtt_seconds_count", "connmonitor_ping_reply_rtt_seconds_sum");
    }

    private List<Exposition.Sample> seriesOfHost(Path config, List<String> flags) throws Exception {
        String bind = Loopback.randomAddress();
        int port = Loopback.freePort(bind);
        List<String> args = new java.util.ArrayList<>(List.of("--metrics", bind + ":" + port));
        args.addAll(flags);
        args.add(config.toString());
        try (Connmonitor monitor = Connmonitor.start(args.toArray(String[]::new))) {
            monitor.nextLineMatching(line -> line.contains("\"ping\""), WAIT);
            monitor.nextLineMatching(line -> line.contains("\"ping\""), WAIT);
            Exposition metrics = new Scraper(bind + ":" + port).text();
            monitor.signal("TERM");
            assertThat(monitor.waitFor(WAIT)).isZero();
            return metrics.samples().stream()
                    .filter(sample -> "127.0.0.1".equals(sample.labels().get("addr"))).toList();
        }
    }
}
