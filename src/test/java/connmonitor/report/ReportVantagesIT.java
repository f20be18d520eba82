package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import connmonitor.support.Connmonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs of two monitors (--vantage) in one report, opened in headless Chromium: a host seen from both is two
 * charts next to each other on one time axis and one RTT axis, each drawing its own monitor's records; a host
 * seen from one is one section as before. Vantage names and labels from the logs are hostile markup and must
 * stay text. The screenshot is kept as target/report-vantages.png.
 */
class ReportVantagesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A vantage name as a log may carry it: the report reads any text there. */
    private static final String HOSTILE_VANTAGE = "<img src=x onerror=window.pwned=1>ams";
    private static final String HOSTILE_LABEL = "<script>window.pwned=2</script>";

    @TempDir
    Path dir;

    /** Sixty pings of web (and of db when asked) every 10 s, avg RTT avg ms, min and max 10 % around it. */
    private Path log(String vantage, double avg, boolean withDb, long start) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            for (String host : withDb ? new String[] {"web", "db"} : new String[] {"web"}) {
                lines.add(String.format(java.util.Locale.ROOT, "{\"addr\":\"192.0.2.%d\",\"name\":\"%s\",\"timestamp\":%d.000000,"
                        + "\"ping\":{\"min\":%f,\"avg\":%f,\"max\":%f,\"std\":0.500000,\"loss\":0.000000},"
                        + "\"labels\":{\"site\":%s},\"vantage\":%s}", host.equals("web") ? 7 : 8, host, start + i * 10_000L,
                        avg * 0.9, avg, avg * 1.1, JSON.writeValueAsString(HOSTILE_LABEL), JSON.writeValueAsString(vantage)));
            }
        }
        Path file = dir.resolve(lines.size() + "-" + avg + ".log");
        Files.write(file, lines);
        return file;
    }

    @Test
    void aHostSeenFromTwoVantagesIsTwoChartsSideBySideOnOneScale() throws Exception {
        long start = System.currentTimeMillis() - 900_000;
        Path near = log("fra1", 2, true, start);
        Path far = log(HOSTILE_VANTAGE, 20, false, start + 3000);
        Path page = dir.resolve("report.html");
        Connmonitor.Result report = Connmonitor.run("", Duration.ofSeconds(60), "report", near.toString(), far.toString(), "-o", page.toString());
        assertThat(report.exitCode()).as(report.stderrText()).isZero();

        try (HeadlessChromium chromium = HeadlessChromium.start(1400, 1000)) {
            chromium.load(page, "window.connmonitorReady === true");
            JsonNode view = chromium.evaluate("""
                    (() => {
                      const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
                      const rows = [...document.querySelectorAll('.vantages')];
                      const charts = window.connmonitorCharts;
                      return {
                        sections: document.querySelectorAll('section.host').length,
                        rows: rows.map(r => [r.dataset.hostName, [...r.querySelectorAll('section.host')].map(s => s.dataset.vantage)]),
                        charts: Object.keys(charts),
                        boxes: [...rows[0].querySelectorAll('section.host .chart.latency canvas')].map(box),
                        pageWidth: document.documentElement.clientWidth,
                        medians: Object.fromEntries(Object.entries(charts).map(([k, c]) => [k, c.latency.data[3].filter(v => v != null)])),
                        yMax: Object.fromEntries(Object.entries(charts).map(([k, c]) => [k, c.latency.scales.y.max])),
                        xRange: Object.values(charts).map(c => [c.latency.scales.x.min, c.latency.scales.x.max]),
                        titles: [...document.querySelectorAll('section.host h2')].map(h => h.textContent),
                        markup: document.querySelectorAll('#app img, #app script, section.host b').length,
                      };
                    })()""");
            assertThat(view.get("sections").asInt()).isEqualTo(3);
            assertThat(view.get("rows")).hasSize(1);
            assertThat(view.get("rows").get(0).toString()).isEqualTo(JSON.writeValueAsString(
                    List.of("web", List.of(HOSTILE_VANTAGE, "fra1")))); // sorted by vantage
            String nearChart = "web @ fra1";
            String farChart = "web @ " + HOSTILE_VANTAGE;
            assertThat(view.get("charts")).extracting(JsonNode::asText).containsExactlyInAnyOrder("db @ fra1", nearChart, farChart);

            // side by side: the same height on the page, one left of the other, both on the page and wide enough
            JsonNode left = view.get("boxes").get(0);
            JsonNode right = view.get("boxes").get(1);
            assertThat(right.get(1).asDouble()).as("tops").isCloseTo(left.get(1).asDouble(), within(2.0));
            assertThat(right.get(0).asDouble()).as("the second starts right of the first").isGreaterThanOrEqualTo(left.get(2).asDouble());
            assertThat(right.get(2).asDouble()).as("within the page").isLessThanOrEqualTo(view.get("pageWidth").asDouble());
            double leftWidth = left.get(2).asDouble() - left.get(0).asDouble();
            assertThat(leftWidth).isGreaterThan(300).isCloseTo(right.get(2).asDouble() - right.get(0).asDouble(), within(5.0));

            // each draws its own monitor's records, on one RTT axis and one time axis
            assertThat(view.get("medians").get(nearChart)).hasSize(60).allSatisfy(v -> assertThat(v.asDouble()).isCloseTo(2, within(1e-6)));
            assertThat(view.get("medians").get(farChart)).hasSize(60).allSatisfy(v -> assertThat(v.asDouble()).isCloseTo(20, within(1e-6)));
            double yMax = view.get("yMax").get(farChart).asDouble();
            assertThat(yMax).as("above the far monitor's maxima").isGreaterThanOrEqualTo(22);
            assertThat(view.get("yMax").get(nearChart).asDouble()).as("one RTT axis for the host").isEqualTo(yMax);
            assertThat(view.get("yMax").get("db @ fra1").asDouble()).as("another host keeps its own").isLessThan(5);
            for (JsonNode range : view.get("xRange")) {
                assertThat(range.toString()).isEqualTo(view.get("xRange").get(0).toString());
            }

            // hostile names stay text
            assertThat(view.get("markup").asInt()).isZero();
            assertThat(view.get("titles")).extracting(JsonNode::asText)
                    .anySatisfy(title -> assertThat(title).startsWith("web @ " + HOSTILE_VANTAGE));
            assertThat(chromium.evaluate("document.querySelector('section[data-vantage=fra1] h2').textContent").asText())
                    .contains("site=" + HOSTILE_LABEL);
            assertThat(chromium.evaluate("window.pwned === undefined").asBoolean()).isTrue();
            assertThat(chromium.errors).as("console errors").isEmpty();
            assertThat(chromium.networkRequests).isEmpty();
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "report-vantages.png"), chromium.screenshot());
        }
        assertThat(report.stderr()).isEmpty();
    }
}
