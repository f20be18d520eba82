package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.Connmonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host whose equal-cost paths go from two to one and back (paths=MS records), in a report written by the
 * packaged jar and opened in headless Chromium: the path-set view beside the mtr table, a bar of three periods
 * as long as they lasted, each period's paths drawn hop by hop with the parting hops marked, the lost path
 * shown as gone and then as new. Hop text from the logs is hostile markup and must stay text. The screenshot
 * is kept as target/report-pathsets.png.
 */
class ReportPathSetsIT {

    private static final String HOSTILE_HOP = "<img src=x onerror=window.pwned=1>";

    @TempDir
    Path dir;

    @Test
    void twoPathsThenOneThenTwoShowAsThreePeriodsBesideTheHopTable() throws Exception {
        List<String> viaA = ReportPathSetsTest.VIA_A;
        List<String> viaB = ReportPathSetsTest.VIA_B;
        long start = System.currentTimeMillis() - 900_000;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add("{\"addr\":\"10.0.6.2\",\"name\":\"web\",\"timestamp\":" + (start + i * 10_000L) + ".000000,\"ping\":{"
                    + "\"min\":1.000000,\"avg\":1.500000,\"max\":2.000000,\"std\":0.100000,\"loss\":0.000000}}");
        }
        lines.add(ReportPathSetsTest.pathSet("web", start, List.of(viaA, viaB), 16, 96));
        lines.add(ReportPathSetsTest.pathSet("web", start + 120_000, List.of(viaA), 11, 66));
        lines.add(ReportPathSetsTest.pathSet("web", start + 300_000, List.of(viaA, viaB), 16, 96));
        lines.add("{\"addr\":\"10.0.6.2\",\"name\":\"web\",\"timestamp\":" + (start + 500_000) + ".000000,\"path\":[{\"hop\":1,"
                + "\"addr\":\"10.0.1.2\",\"sent\":100,\"received\":100,\"loss\":0.000000,\"last\":0.300000,\"avg\":0.300000,"
                + "\"best\":0.200000,\"worst\":0.400000,\"jitter\":0.010000}]}");
        lines.add(ReportPathSetsTest.pathSet("odd", start, List.of(List.of("10.0.1.2", HOSTILE_HOP)), 1, 6));
        Path log = dir.resolve("paths.log");
        Files.write(log, lines);
        Path page = dir.resolve("report.html");
        Connmonitor.Result report = Connmonitor.run("", Duration.ofSeconds(60), "report", log.toString(), "-o", page.toString());
        assertThat(report.exitCode()).as(report.stderrText()).isZero();

        try (HeadlessChromium chromium = HeadlessChromium.start(1400, 1000)) {
            chromium.load(page, "window.connmonitorReady === true");
            JsonNode view = chromium.evaluate("""
                    (() => {
                      const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
                      const web = document.querySelector('section.host[data-host="web"]');
                      const sets = web.querySelector('.path-views details.pathsets');
                      const rows = li => [...li.querySelectorAll('.ps-path')].map(p => ({
                        state: p.classList.contains('gone') ? 'gone' : p.classList.contains('added') ? 'added' : '',
                        hops: [...p.querySelectorAll('.hop')].map(h => h.textContent),
                        parting: [...p.querySelectorAll('.hop')].map((h, i) => h.classList.contains('parts') ? i : -1).filter(i => i >= 0),
                      }));
                      const items = [...sets.querySelectorAll('.ps-periods li')];
                      return {
                        facts: web.querySelector('.facts').textContent,
                        setsBox: box(sets), tableBox: box(web.querySelector('.path-views details.path')),
                        summary: sets.querySelector('summary').textContent,
                        periods: items.map(li => ({ set: li.dataset.set, paths: +li.dataset.paths, rows: rows(li),
                          when: li.querySelector('.ps-when').textContent })),
                        segments: [...sets.querySelectorAll('.ps-segment')].map(s => ({ set: s.dataset.set, width: s.getBoundingClientRect().width,
                          colour: getComputedStyle(s).backgroundColor, label: s.textContent })),
                        oddHops: [...document.querySelectorAll('section.host[data-host="odd"] .ps-path .hop')].map(h => h.textContent),
                        oddWhen: document.querySelector('section.host[data-host="odd"] .ps-when').textContent,
                        markup: document.querySelectorAll('#app img, #app script').length,
                      };
                    })()""");
            assertThat(view.get("facts").asText()).contains("2 paths now");
            // beside the mtr table: level with it, to its left, neither squeezed
            JsonNode sets = view.get("setsBox");
            JsonNode table = view.get("tableBox");
            assertThat(sets.get(1).asDouble()).as("tops").isCloseTo(table.get(1).asDouble(), within(2.0));
            assertThat(table.get(0).asDouble()).as("the table right of the sets").isGreaterThanOrEqualTo(sets.get(2).asDouble());
            assertThat(sets.get(2).asDouble() - sets.get(0).asDouble()).isGreaterThan(400);
            assertThat(view.get("summary").asText()).contains("2 paths since", "2 changes of the set in 3 records");

            JsonNode periods = view.get("periods");
            assertThat(periods).extracting(p -> p.get("set").asText() + p.get("paths").asInt()).containsExactly("A2", "B1", "A2");
            assertThat(periods.get(0).get("when").asText()).contains("(2 min)", "16 flows, 96 probes");
            assertThat(periods.get(1).get("when").asText()).contains("(3 min)", "11 flows, 66 probes");
            // first: both paths, parting at hops 2 and 3
            assertThat(periods.get(0).get("rows").toString()).isEqualTo(rows(
                    row("", viaA, "[1,2]"), row("", viaB, "[1,2]")));
            // then one: the one left, and the lost one struck through, the hops where they part marked
            assertThat(periods.get(1).get("rows").toString()).isEqualTo(rows(row("", viaA, "[1,2]"), row("gone", viaB, "[1,2]")));
            // back to two: the returning path is new
            assertThat(periods.get(2).get("rows").toString()).isEqualTo(rows(row("", viaA, "[1,2]"), row("added", viaB, "[1,2]")));

            // the bar: three segments, as wide as the periods lasted (120 s, 180 s, 290 s until the last ping)
            JsonNode segments = view.get("segments");
            assertThat(segments).extracting(s -> s.get("set").asText() + s.get("label").asText()).containsExactly("A2", "B1", "A2");
            double total = 0;
            for (JsonNode s : segments) {
                total += s.get("width").asDouble();
            }
            double[] seconds = {120, 180, 290};
            for (int k = 0; k < 3; k++) {
                assertThat(segments.get(k).get("width").asDouble() / total).as("segment " + k)
                        .isCloseTo(seconds[k] / 590, within(0.01));
            }
            assertThat(segments.get(0).get("colour").asText()).isEqualTo(segments.get(2).get("colour").asText())
                    .isNotEqualTo(segments.get(1).get("colour").asText());

            // hostile hop text stays text
            assertThat(view.get("oddHops")).extracting(JsonNode::asText).containsExactly("10.0.1.2", HOSTILE_HOP);
            assertThat(view.get("markup").asInt()).isZero();
            assertThat(view.get("oddWhen").asText()).as("one record, nothing after it").contains("(the host's last record)", "1 path");
            assertThat(chromium.evaluate("window.pwned === undefined").asBoolean()).isTrue();
            assertThat(chromium.errors).as("console errors").isEmpty();
            assertThat(chromium.networkRequests).isEmpty();
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "report-pathsets.png"), chromium.screenshot());
        }
        assertThat(report.stderr()).isEmpty();
    }

    private static String row(String state, List<String> hops, String parting) {
        return "{\"state\":\"" + state + "\",\"hops\":[" + String.join(",", hops.stream().map(h -> "\"" + h + "\"").toList())
                + "],\"parting\":" + parting + "}";
    }

    private static String rows(String... rows) {
        return "[" + String.join(",", rows) + "]";
    }
}
