package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs of several monitors (--vantage) with host labels: kept apart when merged, and filtered by label. */
class ReportFleetTest {

    private static final long START = ReportRun.NOW.toEpochMilli() - 600_000;

    @TempDir
    Path dir;

    /** Ten pings of web (site=fra1) and db (site=ams) as the monitor named vantage prints them, each with this loss. */
    private Path log(String vantage, double loss) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (String[] host : new String[][] {{"web", "192.0.2.7", "fra1"}, {"db", "192.0.2.8", "ams"}}) {
                lines.add(String.format("{\"addr\":\"%s\",\"name\":\"%s\",\"timestamp\":%d.000000,\"ping\":{\"min\":1.000000,"
                        + "\"avg\":2.000000,\"max\":3.000000,\"std\":0.500000,\"loss\":%f},\"labels\":{\"site\":\"%s\"},"
                        + "\"vantage\":\"%s\"}", host[1], host[0], START + i * 1000, loss, host[2], vantage));
            }
        }
        Path file = dir.resolve(vantage + ".log");
        Files.write(file, lines);
        return file;
    }

    private JsonNode report(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", dir.resolve("report.html").toString()));
        ReportRun run = ReportRun.of(all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.data();
    }

    private static List<String> rows(JsonNode data) {
        List<String> rows = new ArrayList<>();
        data.get("hosts").forEach(host -> rows.add(host.get("name").asText() + "@" + host.path("vantage").asText()
                + " loss " + host.get("summary").get("loss").asDouble()));
        return rows;
    }

    @Test
    void aHostSeenFromTwoVantagesIsTwoRowsSideBySide() throws IOException {
        JsonNode data = report(log("fra1-a", 0).toString(), log("ams-b", 20).toString());
        assertThat(rows(data)).containsExactly("db@ams-b loss 20.0", "db@fra1-a loss 0.0",
                "web@ams-b loss 20.0", "web@fra1-a loss 0.0");
        assertThat(data.get("hosts").get(0).get("labels").get("site").asText()).isEqualTo("ams");
    }

    @Test
    void labelAndVantageFiltersKeepOnlyTheirRecords() throws IOException {
        Path a = log("fra1-a", 0);
        Path b = log("ams-b", 20);
        assertThat(rows(report(a.toString(), b.toString(), "--label", "site=fra1")))
                .containsExactly("web@ams-b loss 20.0", "web@fra1-a loss 0.0");
        assertThat(rows(report(a.toString(), b.toString(), "--label=site=fra1", "--vantage", "ams-b")))
                .containsExactly("web@ams-b loss 20.0");
        assertThat(rows(report(a.toString(), b.toString(), "--label", "site=nowhere"))).isEmpty();
    }

    @Test
    void aMalformedLabelFilterIsAUsageError() {
        ReportRun run = ReportRun.of("x.log", "--label", "site");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--label 'site': expected NAME=VALUE");
    }
}
