package connmonitor.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.Connmonitor;
import connmonitor.support.EchoDrops;
import connmonitor.support.Exposition;
import connmonitor.support.Json;
import connmonitor.support.Loopback;
import connmonitor.support.Scraper;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The /metrics endpoint of the real process, scraped over HTTP while it pings loopback hosts: the
 * series say what the printed JSON records say, in both exposition formats, and follow SIGHUP.
 */
class MetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path config(String text) throws Exception {
        Path file = dir.resolve("connmonitor.conf");
        Files.writeString(file, text);
        return file;
    }

    private static List<JsonNode> records(Connmonitor monitor, String addr, String kind) {
        return monitor.stdoutLines().stream().map(Json::parse)
                .filter(record -> record.get("addr").asText().equals(addr) && record.has(kind)).toList();
    }

    private static void awaitRecords(Connmonitor monitor, String addr, String kind, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (records(monitor, addr, kind).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " " + kind + " records of " + addr + "; stderr: "
                        + monitor.stderrLines());
            }
            Thread.sleep(50);
        }
    }

    /**
     * The ping records of a host up to the one the scrape shows (its timestamp is the scrape's
     * last-run time; the record may print a moment after the series changed).
     */
    private static List<JsonNode> pingRecordsUpTo(Connmonitor monitor, String addr, double lastRunSeconds)
            throws Exception {
        Predicate<JsonNode> upTo = record -> record.get("timestamp").asDouble() / 1000 <= lastRunSeconds + 2e-6;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<JsonNode> records = records(monitor, addr, "ping");
            boolean printed = records.stream().anyMatch(
                    record -> Math.abs(record.get("timestamp").asDouble() / 1000 - lastRunSeconds) < 2e-6);
            if (printed) {
                return records.stream().filter(upTo).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ping record of " + addr + " at " + lastRunSeconds);
            }
            Thread.sleep(20);
        }
    }

    /** The series of one pinged host against its printed records. */
    private static void assertPingSeriesMatchRecords(Connmonitor monitor, Exposition scrape, String host, String addr,
                                                     int numpings) throws Exception {
        String[] labels = {"host", host, "addr", addr};
        double lastRun = scrape.value("connmonitor_last_run_timestamp_seconds", with(labels, "kind", "ping"));
        List<JsonNode> records = pingRecordsUpTo(monitor, addr, lastRun);
        JsonNode last = records.getLast().get("ping");
        double loss = last.get("loss").asDouble();
        Map<String, String> stats = Map.of("min", "min", "avg", "avg", "max", "max", "stddev", "std");
        for (var stat : stats.entrySet()) {
            double seconds = scrape.value("connmonitor_ping_rtt_seconds", with(labels, "stat", stat.getKey()));
            if (loss == 100) {
                assertThat(last.get(stat.getValue()).asDouble()).isEqualTo(-1);
                assertThat(seconds).as(stat.getKey() + " of a burst with every request lost").isNaN();
            } else {
                // the record prints ms with six decimals (%f): half a nanosecond is all rounding may take
                assertThat(seconds).as(stat.getKey()).isCloseTo(last.get(stat.getValue()).asDouble() / 1000, within(5.01e-10));
            }
        }
        assertThat(scrape.value("connmonitor_ping_loss_ratio", labels)).isCloseTo(loss / 100, within(5.01e-9));
        long received = records.stream()
                .mapToLong(record -> Math.round(numpings * (1 - record.get("ping").get("loss").asDouble() / 100))).sum();
        assertThat(scrape.value("connmonitor_ping_packets_sent_total", labels)).isEqualTo(numpings * records.size());
        assertThat(scrape.value("connmonitor_ping_packets_received_total", labels)).isEqualTo(received);
        assertThat(scrape.value("connmonitor_ping_reply_rtt_seconds_count", labels)).isEqualTo(received);
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    @Test
    void theSeriesSayWhatThePrintedRecordsSay() throws Exception {
        String clean = Loopback.randomAddress();
        String lossy = Loopback.randomAddress();
        String dead = Loopback.randomAddress();
        String bind = Loopback.randomAddress();
        int port = Loopback.freePort(bind);
        Path config = config("""
                %s ping=100 numpings=3 json=1
                ::1 ping=100 numpings=2 json=1
                %s ping=100 numpings=4 json=1
                %s ping=100 numpings=2 json=1
                localhost ping=0 trace=300 hops=4 json=1
                """.formatted(clean, lossy, dead));
        try (EchoDrops drops = EchoDrops.start(Map.of(lossy, 50, dead, 100));
             Connmonitor monitor = Connmonitor.start("--metrics", bind + ":" + port, config.toString())) {
            awaitRecords(monitor, clean, "ping", 4);
            awaitRecords(monitor, "::1", "ping", 4);
            awaitRecords(monitor, lossy, "ping", 2);
            awaitRecords(monitor, dead, "ping", 2);
            awaitRecords(monitor, "127.0.0.1", "trace", 1); // later traces of the same route count, unprinted

            Scraper scraper = new Scraper(bind + ":" + port);
            Scraper.Scrape raw = scraper.get();
            assertThat(raw.status()).isEqualTo(200);
            assertThat(raw.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            Exposition scrape = Exposition.parsePrometheusText(raw.body());

            assertPingSeriesMatchRecords(monitor, scrape, clean, clean, 3);
            assertPingSeriesMatchRecords(monitor, scrape, "::1", "::1", 2);
            assertPingSeriesMatchRecords(monitor, scrape, lossy, lossy, 4);
            assertPingSeriesMatchRecords(monitor, scrape, dead, dead, 2);
            assertThat(scrape.value("connmonitor_ping_loss_ratio", "host", dead)).isEqualTo(1.0);
            assertThat(scrape.value("connmonitor_ping_packets_received_total", "host", dead)).isZero();

            String[] localhost = {"host", "localhost", "addr", "127.0.0.1"};
            JsonNode trace = records(monitor, "127.0.0.1", "trace").getFirst().get("trace");
            assertThat(records(monitor, "127.0.0.1", "trace")).hasSize(1);
            assertThat(scrape.value("connmonitor_trace_hops", localhost)).isEqualTo(trace.size());
            assertThat(scrape.value("connmonitor_trace_reached", localhost)).isEqualTo(1);
            assertThat(scrape.value("connmonitor_route_changes_total", localhost)).isZero();
            assertThat(scrape.value("connmonitor_last_run_timestamp_seconds", with(localhost, "kind", "trace")))
                    .isGreaterThan(records(monitor, "127.0.0.1", "trace").getFirst().get("timestamp").asDouble() / 1000);
            assertThat(scrape.find("connmonitor_ping_rtt_seconds", "host", "localhost")).isEmpty();

            assertThat(scrape.value("connmonitor_hosts")).isEqualTo(5);
            assertThat(scrape.value("process_cpu_seconds_total")).isPositive();
            assertThat(scrape.value("process_resident_memory_bytes")).isPositive();
            assertThat(scrape.value("process_open_fds")).isPositive();
            assertThat(scrape.value("jvm_threads_current")).isPositive();

            monitor.signal("TERM");
            assertThat(monitor.waitFor(WAIT)).isZero();
        }
    }

    @Test
    void openMetricsIsServedToScrapersThatAskForIt() throws Exception {
        String bind = Loopback.randomAddress();
        int port = Loopback.freePort(bind);
        try (Connmonitor monitor = Connmonitor.start("--metrics", bind + ":" + port,
                config("127.0.0.1 ping=100 numpings=2 json=1\n").toString())) {
            awaitRecords(monitor, "127.0.0.1", "ping", 2);
            Scraper scraper = new Scraper(bind + ":" + port);
            Scraper.Scrape raw = scraper.get(Scraper.OPENMETRICS);
            assertThat(raw.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
            assertThat(raw.body()).endsWith("\n# EOF\n");
            Exposition scrape = Exposition.parseOpenMetrics(raw.body());
            assertThat(scrape.value("connmonitor_ping_packets_sent_total", "host", "127.0.0.1")).isPositive();
            assertThat(raw.body()).contains("# UNIT connmonitor_ping_rtt_seconds seconds\n",
                    "# TYPE connmonitor_ping_packets_sent counter\n");

            // Scrapes in parallel are answered one after another by the one metrics thread.
            List<CompletableFuture<Scraper.Scrape>> parallel = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                parallel.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return scraper.get();
                    } catch (Exception failed) {
                        throw new IllegalStateException(failed);
                    }
                }));
            }
            for (CompletableFuture<Scraper.Scrape> each : parallel) {
                assertThat(each.join().status()).isEqualTo(200);
            }
            // exchanges run on virtual threads: eight parallel scrapes add no platform thread of their own
            assertThat(threadNames(monitor.pid())).filteredOn(name -> name.startsWith("metrics-http")).isEmpty();
            assertThat(threadNames(monitor.pid())).filteredOn(name -> name.startsWith("HTTP-Dispatcher")).hasSize(1);
            monitor.signal("TERM");
            assertThat(monitor.waitFor(WAIT)).isZero();
        }
    }

    private static List<String> threadNames(long pid) throws Exception {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                names.add(Files.readString(task.resolve("comm")).strip());
            }
        }
        return names;
    }

    @Test
    void aHostRemovedBySighupIsGoneFromTheNextScrape() throws Exception {
        String kept = Loopback.randomAddress();
        String removed = Loopback.randomAddress();
        String bind = Loopback.randomAddress();
        int port = Loopback.freePort(bind);
        Path config = config("""
                %s ping=100 numpings=2 json=1
                %s ping=100 numpings=2 json=1 trace=200
                """.formatted(kept, removed));
        try (Connmonitor monitor = Connmonitor.start("--metrics", bind + ":" + port, config.toString())) {
            awaitRecords(monitor, kept, "ping", 2);
            awaitRecords(monitor, removed, "ping", 2);
            Scraper scraper = new Scraper(bind + ":" + port);
            assertThat(scraper.text().find("connmonitor_ping_packets_sent_total", "host", removed)).hasSize(1);
            double keptBefore = scraper.text().value("connmonitor_ping_packets_sent_total", "host", kept);

            Files.writeString(config, kept + " ping=100 numpings=2 json=1\n");
            monitor.signal("HUP");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (scraper.text().value("connmonitor_hosts") != 1) {
                assertThat(System.nanoTime()).as("reload seen in a scrape").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(scraper.text().samples()).noneMatch(sample -> removed.equals(sample.labels().get("host")));

            int printed = records(monitor, kept, "ping").size();
            awaitRecords(monitor, kept, "ping", printed + 3); // any burst of the removed host has ended by now
            Exposition after = scraper.text();
            assertThat(after.samples()).noneMatch(sample -> removed.equals(sample.labels().get("host"))
                    || removed.equals(sample.labels().get("addr")));
            assertThat(after.value("connmonitor_ping_packets_sent_total", "host", kept)).isGreaterThan(keptBefore);
            monitor.signal("TERM");
            assertThat(monitor.waitFor(WAIT)).isZero();
        }
    }

    @Test
    void withoutAnAddressTheEndpointListensOnTheIpv4LoopbackOnly() throws Exception {
        int port = Loopback.freePort("127.0.0.1");
        try (Connmonitor monitor = Connmonitor.start("--metrics", Integer.toString(port),
                config("127.0.0.1 ping=100 numpings=1 json=1\n").toString())) {
            awaitRecords(monitor, "127.0.0.1", "ping", 1);
            assertThat(new Scraper("127.0.0.1:" + port).text().value("connmonitor_hosts")).isEqualTo(1);
            assertThatThrownBy(() -> new Scraper("[::1]:" + port).get()).isInstanceOf(ConnectException.class);
            monitor.signal("TERM");
            assertThat(monitor.waitFor(WAIT)).isZero();
        }
    }

    @Test
    void anIpv6AddressInBracketsIsServed() throws Exception {
        int port = Loopback.freePort("::1");
        try (Connmonitor monitor = Connmonitor.start("--metrics", "[::1]:" + port,
                config("::1 ping=100 numpings=1 json=1\n").toString())) {
            awaitRecords(monitor, "::1", "ping", 1);
            assertThat(new Scraper("[::1]:" + port).text().value("connmonitor_ping_packets_sent_total", "host", "::1"))
                    .isPositive();
            monitor.signal("TERM");
            assertThat(monitor.waitFor(WAIT)).isZero();
        }
    }

    @Test
    void aPortInUseIsAnErrorAndNothingIsMeasured() throws Exception {
        String bind = Loopback.randomAddress();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.ofLiteral(bind), 0));
            String address = bind + ":" + taken.getLocalPort();
            Connmonitor.Result result = Connmonitor.run("127.0.0.1 ping=100 json=1\n", WAIT, "--metrics", address);
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).singleElement().asString()
                    .startsWith("EE: OSError: cannot serve metrics on " + address + ": Address already in use -\t");
        }
    }

    @Test
    void aMalformedMetricsAddressIsAUsageError() throws Exception {
        Connmonitor.Result result = Connmonitor.run("127.0.0.1\n", WAIT, "--metrics", "::1:9100");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).singleElement().asString().startsWith(
                "EE: UsageError: --metrics '::1:9100': write an IPv6 address in brackets, e.g. [::1]:9100");
    }
}
