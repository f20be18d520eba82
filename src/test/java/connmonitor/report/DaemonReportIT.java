package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.Connmonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon writes the log: loopback, and a lab host that loses replies for a while and then changes
 * route. The report's summary must match those records, and the page must show them in Chromium.
 */
class DaemonReportIT {

    private static final Path SCREENSHOT = Path.of("target", "report-daemon-screenshot.png");
    private static final Duration PHASE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void aReportOfTheDaemonsOwnRecords() throws Exception {
        Path log = dir.resolve("connmonitor.log");
        try (LabNetwork lab = LabNetwork.create();
             Connmonitor daemon = Connmonitor.start(lab.monitor.command(Connmonitor.command()))) {
            daemon.writeStdin(LabNetwork.HOST + " ping=150 numpings=10 trace=500 hops=6 json=1\n"
                    + "127.0.0.1 ping=150 numpings=5 trace=1000 scan=1000 json=1\n", true);
            Thread.sleep(PHASE.toMillis());
            lab.lossy(true);
            Thread.sleep(PHASE.toMillis());
            lab.lossy(false);
            lab.switchRoute();
            Thread.sleep(PHASE.toMillis());
            daemon.signal("TERM");
            assertThat(daemon.waitFor(Duration.ofSeconds(20))).isZero();
            Files.write(log, daemon.stdoutLines());
            assertThat(daemon.stderrLines()).as("daemon problems").isEmpty();
        }

        ReportRun run = ReportRun.of(log.toString(), "-o", dir.resolve("report.html").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 hosts", "0 lines skipped");
        RecordsOracle oracle = RecordsOracle.read(log);
        JsonNode data = run.data();

        RecordsOracle.Host labHost = oracle.hosts.get(LabNetwork.HOST);
        assertThat(labHost.bursts).hasSizeGreaterThan(15); // a burst that lost a reply waits out its timeout
        assertThat(labHost.loss()).as("the lossy stretch").isGreaterThan(0);
        // one change, unless a trace straddled the switch and caught a half-way route
        assertThat(labHost.routeChanges()).as("the switch to router 2").isBetween(1, 3);
        RecordsOracle.Host loopback = oracle.hosts.get("127.0.0.1");
        assertThat(loopback.loss()).isZero();
        assertThat(loopback.scans).isPositive();

        oracle.hosts.forEach((name, expected) -> {
            JsonNode s = ReportRun.host(data, name).get("summary");
            assertThat(s.get("bursts").asLong()).isEqualTo(expected.bursts.size());
            assertThat(s.get("availability").asDouble()).isCloseTo(expected.availability(), within(0.0005));
            assertThat(s.get("loss").asDouble()).isCloseTo(expected.loss(), within(0.0005));
            for (double q : List.of(0.5, 0.95, 0.99)) {
                double exact = expected.percentile(q);
                String field = "p" + Math.round(q * 100);
                assertThat(s.get(field).asDouble()).as(name + " " + field)
                        .isCloseTo(exact, within(exact * 0.0025 + 0.0005));
            }
            assertThat(s.get("routeChanges").asInt()).isEqualTo(expected.routeChanges());
            assertThat(s.get("scans").asLong()).isEqualTo(expected.scans);
        });
        JsonNode routes = ReportRun.host(data, LabNetwork.HOST).get("routes");
        assertThat(routes.get(0).toString()).contains(LabNetwork.ROUTER_1, LabNetwork.HOST);
        assertThat(routes.get(routes.size() - 1).toString()).contains(LabNetwork.ROUTER_2, LabNetwork.HOST);

        try (HeadlessChromium chromium = HeadlessChromium.start(1400, 1000)) {
            chromium.load(run.page(), "window.connmonitorReady === true");
            JsonNode view = chromium.evaluate("""
                    [document.querySelectorAll('section.host .chart.latency canvas').length,
                     document.querySelectorAll('section[data-host="10.77.9.9"] .route-marker').length]""");
            assertThat(view.get(0).asInt()).isEqualTo(2);
            assertThat(view.get(1).asInt()).isEqualTo(labHost.routeChanges());
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, chromium.screenshot());
            assertThat(chromium.errors).as("console errors").isEmpty();
            assertThat(chromium.networkRequests).isEmpty();
        }
    }
}
