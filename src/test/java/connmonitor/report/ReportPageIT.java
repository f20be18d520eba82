package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.Connmonitor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar writes a report, and a real headless Chromium (no network) opens it: no console errors,
 * one chart per host, the plotted points are the records, hovering, zooming and a route marker work, and a
 * screenshot (kept as target/report-screenshot.png) is not blank.
 */
class ReportPageIT {

    private static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");
    private static final int HOSTS = 4;

    @TempDir
    Path dir;

    @Test
    void aRealBrowserShowsEveryHostWithTheRecordsPlotted() throws Exception {
        Path log = dir.resolve("connmonitor.log");
        long start = System.currentTimeMillis() - 700_000;
        new SyntheticLog(new SyntheticLog.Spec(HOSTS, 120, start, 5000, 6, 11)).write(log);
        // host-02's hop table; the hostile text stands where a router's address would be, and must stay text
        Files.writeString(log, ("{\"addr\":\"127.0.0.3\",\"name\":\"host-02\",\"timestamp\":%d.000000,\"path\":["
                + "{\"hop\":1,\"addr\":\"10.9.0.1\",\"sent\":100,\"received\":100,\"loss\":0.000000,\"last\":0.2,\"avg\":0.25,"
                + "\"best\":0.1,\"worst\":0.5,\"jitter\":0.05},{\"hop\":2,\"addr\":\"<img src=x onerror=alert(1)>\",\"sent\":100,"
                + "\"received\":70,\"loss\":30.000000,\"last\":9.5,\"avg\":10.25,\"best\":9,\"worst\":14,\"jitter\":1.5}]}\n")
                .formatted(start + 100_000), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(log, "not a record\n{\"addr\":\"127.0.0.1\",\"name\":\"host-00\",\"timest",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Path page = dir.resolve("report.html");
        String[] output = runJar("report", log.toString(), "-o", page.toString());
        assertThat(output[0]).contains(HOSTS + " hosts", "2 lines skipped");
        assertThat(output[1]).startsWith("WW: " + log + ": skipped 2 lines").hasLineCount(1);
        RecordsOracle oracle = RecordsOracle.read(log);

        try (HeadlessChromium chromium = HeadlessChromium.start(1400, 1000)) {
            chromium.load(page, "window.connmonitorReady === true");

            JsonNode view = chromium.evaluate("""
                    (() => {
                      const charts = window.connmonitorCharts;
                      return {
                        sections: document.querySelectorAll('section.host').length,
                        latencyCanvases: document.querySelectorAll('section.host .chart.latency canvas').length,
                        hosts: Object.keys(charts),
                        skipped: document.getElementById('skipped').textContent,
                        summary: [...document.querySelectorAll('#summary tbody tr')].map(tr => [...tr.cells].map(td => td.textContent)),
                        plotted: Object.fromEntries(Object.entries(charts).map(([name, c]) =>
                          [name, { latency: c.latency.data, loss: c.loss.data, scans: c.scan ? c.scan.data[0].length : 0 }])),
                      };
                    })()""");
            assertThat(view.get("sections").asInt()).isEqualTo(HOSTS);
            assertThat(view.get("latencyCanvases").asInt()).isEqualTo(HOSTS);
            assertThat(view.get("hosts")).extracting(JsonNode::asText).containsExactlyElementsOf(oracle.hosts.keySet());
            assertThat(view.get("skipped").asText()).startsWith("2 lines skipped");
            assertThat(view.get("summary")).hasSize(HOSTS);
            assertThat(view.get("summary").get(1).get(8).asText()).isEqualTo("2"); // host-01's route changes

            oracle.hosts.forEach((name, expected) -> assertPlotted(name, expected, view.get("plotted").get(name)));
            assertLinesAreDrawnWhereThePointsAre(chromium);

            JsonNode hops = chromium.evaluate("""
                    [...document.querySelectorAll('section[data-host="host-02"] table.hops tbody tr')]
                      .map(tr => [...tr.cells].map(td => td.textContent))""");
            assertThat(hops.toString()).isEqualTo("[[\"1\",\"10.9.0.1\",\"0.0%\",\"100\",\"0.2\",\"0.3\",\"0.1\",\"0.5\",\"0.1\"],"
                    + "[\"2\",\"<img src=x onerror=alert(1)>\",\"30.0%\",\"100\",\"9.5\",\"10.3\",\"9.0\",\"14.0\",\"1.5\"]]");
            assertThat(chromium.evaluate("document.querySelectorAll('table.hops img').length").asInt()).isZero();
            assertThat(chromium.evaluate("document.querySelectorAll('table.hops').length").asInt()).isEqualTo(1);

            assertThat(chromium.errors).as("console errors").isEmpty();
            assertThat(chromium.networkRequests).as("requests beyond the file").isEmpty();

            hoverShowsTheRecord(chromium);
            routeMarkerOpensBothRoutes(chromium);

            byte[] png = chromium.screenshot();
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, png);
            assertNotBlank(png);

            dragZoomsEveryChart(chromium);
            assertThat(chromium.errors).as("console errors").isEmpty();
        }
    }

    /** Each burst is its own point (5 s apart, 1 s buckets): x, min, median, max and loss are the record's. */
    private static void assertPlotted(String name, RecordsOracle.Host expected, JsonNode plotted) {
        JsonNode x = plotted.get("latency").get(0);
        JsonNode max = plotted.get("latency").get(1);
        JsonNode min = plotted.get("latency").get(2);
        JsonNode med = plotted.get("latency").get(3);
        JsonNode loss = plotted.get("loss").get(1);
        int row = 0;
        for (RecordsOracle.Burst burst : expected.bursts) {
            while (loss.get(row).isNull()) {
                row++; // a gap row, none expected here but harmless
            }
            assertThat(x.get(row).asDouble()).as(name + " time").isCloseTo(Math.rint(burst.time()) / 1000, within(1e-6));
            assertThat(loss.get(row).asDouble()).as(name + " loss").isEqualTo(burst.loss());
            if (burst.loss() == 100) {
                assertThat(med.get(row).isNull()).as(name + " lost burst has no RTT").isTrue();
            } else {
                assertThat(min.get(row).asDouble()).as(name + " min").isCloseTo(burst.min(), within(0.0005));
                assertThat(med.get(row).asDouble()).as(name + " median").isCloseTo(burst.avg(), within(0.0005));
                assertThat(max.get(row).asDouble()).as(name + " max").isCloseTo(burst.max(), within(0.0005));
            }
            row++;
        }
        assertThat(row).as(name + " rows").isEqualTo(x.size());
    }

    /** The canvas has the coloured median line at the pixel of each plotted median. */
    private static void assertLinesAreDrawnWhereThePointsAre(HeadlessChromium chromium) throws Exception {
        JsonNode hits = chromium.evaluate("""
                Object.values(window.connmonitorCharts).map(c => {
                  const u = c.latency, ctx = u.ctx, [x, , , med] = u.data;
                  let checked = 0, coloured = 0;
                  for (let i = 0; i < x.length; i += 3) {
                    if (med[i] == null) continue;
                    const px = Math.round(u.valToPos(x[i], 'x', true)), py = Math.round(u.valToPos(med[i], 'y', true));
                    const d = ctx.getImageData(px - 1, py - 1, 3, 3).data;
                    let found = false;
                    for (let k = 0; k < d.length; k += 4) {
                      const [r, g, b, a] = [d[k], d[k + 1], d[k + 2], d[k + 3]];
                      if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) found = true;
                    }
                    checked++;
                    if (found) coloured++;
                  }
                  return [checked, coloured];
                })""");
        for (JsonNode host : hits) {
            assertThat(host.get(0).asInt()).isGreaterThan(20);
            assertThat(host.get(1).asDouble() / host.get(0).asInt()).as("median points drawn in colour").isGreaterThan(0.9);
        }
    }

    private static void hoverShowsTheRecord(HeadlessChromium chromium) throws Exception {
        JsonNode box = chromium.evaluate("""
                (() => {
                  const u = window.connmonitorCharts['host-01'].latency;
                  u.root.scrollIntoView({ block: 'center' });
                  const r = u.over.getBoundingClientRect();
                  return [r.left + r.width / 2, r.top + r.height / 2];
                })()""");
        chromium.mouse("mouseMoved", box.get(0).asDouble(), box.get(1).asDouble(), "none");
        JsonNode hovered = chromium.evaluate("""
                (() => {
                  const u = window.connmonitorCharts['host-01'].latency;
                  return [u.cursor.idx, u.root.closest('section').querySelector('.info').textContent];
                })()""");
        int idx = hovered.get(0).asInt();
        assertThat(idx).isBetween(40, 80);
        assertThat(hovered.get(1).asText()).contains("ping burst: min ", ", loss ");
    }

    private static void routeMarkerOpensBothRoutes(HeadlessChromium chromium) throws Exception {
        JsonNode marker = chromium.evaluate("""
                (() => {
                  const markers = [...document.querySelector('section[data-host="host-01"]').querySelectorAll('.route-marker')];
                  const r = markers[0].getBoundingClientRect();
                  return [markers.length, markers.filter(m => !m.hidden).length, r.left + r.width / 2, r.top + r.height / 2];
                })()""");
        assertThat(marker.get(0).asInt()).isEqualTo(2);
        assertThat(marker.get(1).asInt()).isEqualTo(2);
        chromium.mouse("mousePressed", marker.get(2).asDouble(), marker.get(3).asDouble(), "left");
        chromium.mouse("mouseReleased", marker.get(2).asDouble(), marker.get(3).asDouble(), "left");
        JsonNode diff = chromium.evaluate("""
                (() => {
                  const box = document.querySelector('section[data-host="host-01"] .route-diff');
                  return [box.hidden, [...box.querySelectorAll('table')].map(t => t.textContent)];
                })()""");
        assertThat(diff.get(0).asBoolean()).as("route panel hidden").isFalse();
        assertThat(diff.get(1)).hasSize(2);
        assertThat(diff.get(1).get(0).asText()).contains("10.8.1.1").doesNotContain("10.9.7.1");
        assertThat(diff.get(1).get(1).asText()).contains("10.9.7.1", "*");
    }

    private static void dragZoomsEveryChart(HeadlessChromium chromium) throws Exception {
        JsonNode box = chromium.evaluate("""
                (() => {
                  const u = window.connmonitorCharts['host-00'].latency;
                  u.root.scrollIntoView({ block: 'center' });
                  const r = u.over.getBoundingClientRect();
                  return [r.left, r.top + r.height / 2, r.width, u.scales.x.max - u.scales.x.min];
                })()""");
        double left = box.get(0).asDouble();
        double y = box.get(1).asDouble();
        double width = box.get(2).asDouble();
        chromium.mouse("mousePressed", left + width * 0.3, y, "left");
        chromium.mouse("mouseMoved", left + width * 0.45, y, "left");
        chromium.mouse("mouseMoved", left + width * 0.6, y, "left");
        chromium.mouse("mouseReleased", left + width * 0.6, y, "left");
        JsonNode spans = chromium.evaluate("""
                [].concat(...Object.values(window.connmonitorCharts).map(c => Object.values(c)))
                  .map(u => [u.scales.x.min, u.scales.x.max])""");
        double fullSpan = box.get(3).asDouble();
        JsonNode first = spans.get(0);
        for (JsonNode span : spans) {
            assertThat(span.get(0).asDouble()).isCloseTo(first.get(0).asDouble(), within(1e-6));
            assertThat(span.get(1).asDouble()).isCloseTo(first.get(1).asDouble(), within(1e-6));
        }
        assertThat(first.get(1).asDouble() - first.get(0).asDouble()).isCloseTo(fullSpan * 0.3, within(fullSpan * 0.03));
    }

    /** A blank or broken page is one colour; a chart page has many, and a good share of ink. */
    private static void assertNotBlank(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(1000);
        Set<Integer> colours = new HashSet<>();
        long ink = 0;
        long pixels = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                pixels++;
                if (rgb != 0xffffff) {
                    ink++;
                }
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(100);
        assertThat((double) ink / pixels).as("share of non-white pixels").isGreaterThan(0.05);
    }

    /** Runs the packaged jar; returns its stdout and stderr. */
    private String[] runJar(String... args) throws Exception {
        List<String> command = Connmonitor.command(args); // with the launchers' JVM options (heap 256 MiB)
        Path err = dir.resolve("stderr");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return new String[] {out, Files.readString(err)};
    }
}
