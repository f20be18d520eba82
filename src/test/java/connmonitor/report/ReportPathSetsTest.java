package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path-set records ({@code paths=MS}) in the report's data: the distinct sets and the periods each held. */
class ReportPathSetsTest {

    private static final long START = ReportRun.NOW.toEpochMilli() - 600_000;
    static final List<String> VIA_A = List.of("10.0.1.2", "10.0.2.2", "10.0.4.2", "10.0.6.2");
    static final List<String> VIA_B = List.of("10.0.1.2", "10.0.3.2", "10.0.5.2", "10.0.6.2");

    @TempDir
    Path dir;

    static String pathSet(String host, double time, List<List<String>> paths, int flows, int probes) {
        StringBuilder list = new StringBuilder();
        for (List<String> path : paths) {
            list.append(list.isEmpty() ? "[" : ",[").append(String.join(",", path.stream().map(h -> "\"" + h + "\"").toList())).append(']');
        }
        return String.format(Locale.ROOT, "{\"addr\":\"10.0.6.2\",\"name\":\"%s\",\"timestamp\":%f,\"paths\":[%s],\"flows\":%d,\"probes\":%d}",
                host, time, list, flows, probes);
    }

    private static String ping(String host, long time) {
        return "{\"addr\":\"10.0.6.2\",\"name\":\"" + host + "\",\"timestamp\":" + time
                + ".000000,\"ping\":{\"min\":1.000000,\"avg\":1.500000,\"max\":2.000000,\"std\":0.100000,\"loss\":0.000000}}";
    }

    @Test
    void twoPathsThenOneThenTwoAgainAreThreePeriodsOfTwoSets() throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                pathSet("web", START + 1000.5, List.of(VIA_A, VIA_B), 16, 96),
                pathSet("web", START + 121_000, List.of(VIA_A), 11, 66),
                // a restarted daemon prints the set in force again: the period goes on
                pathSet("web", START + 150_000, List.of(VIA_A), 11, 66),
                // the same two paths listed the other way round: the same set as the first
                pathSet("web", START + 301_000, List.of(VIA_B, VIA_A), 16, 96),
                ping("web", START + 400_000)));
        Collections.shuffle(lines, new Random(17)); // out of time order: the same timeline
        Path log = dir.resolve("paths.log");
        Files.write(log, lines);
        ReportRun run = ReportRun.of(log.toString(), "-o", dir.resolve("report.html").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("5 records", "0 lines skipped");

        JsonNode sets = ReportRun.host(run.data(), "web").get("pathSets");
        assertThat(sets.get("sets").toString()).as("by first seen, each set's paths sorted")
                .isEqualTo("[[" + json(VIA_A) + "," + json(VIA_B) + "],[" + json(VIA_A) + "]]");
        JsonNode periods = sets.get("periods");
        assertThat(periods.get("set").toString()).isEqualTo("[0,1,0]");
        assertThat(periods.get("from").toString()).isEqualTo("[" + (START + 1000) + "," + (START + 121_000) + "," + (START + 301_000) + "]");
        assertThat(periods.get("to").toString()).as("each until the next change; the last until the host's last record")
                .isEqualTo("[" + (START + 121_000) + "," + (START + 301_000) + "," + (START + 400_000) + "]");
        assertThat(periods.get("flows").toString()).isEqualTo("[16,11,16]");
        assertThat(periods.get("probes").toString()).isEqualTo("[96,66,96]");
        assertThat(sets.get("records").asInt()).isEqualTo(4);
        assertThat(sets.get("periodsOmitted").asInt()).isZero();
    }

    @Test
    void aHostWithoutPathSetsHasNone_andHostileHopsStayInertText() throws IOException {
        String hostile = "</script><img src=x onerror=alert(1)>";
        Path log = dir.resolve("mixed.log");
        Files.write(log, List.of(ping("quiet", START),
                pathSet("odd", START, List.of(List.of("10.0.1.2", hostile.replace("\"", ""))), 1, 6)));
        ReportRun run = ReportRun.of(log.toString(), "-o", dir.resolve("report.html").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ReportRun.host(run.data(), "quiet").get("pathSets").isNull()).isTrue();
        JsonNode odd = ReportRun.host(run.data(), "odd").get("pathSets");
        assertThat(odd.get("sets").get(0).get(0).get(1).asText()).isEqualTo(hostile);
        assertThat(odd.get("periods").get("to").get(0).asLong()).as("one record: a period of no length").isEqualTo(START);
        assertThat(run.html()).doesNotContain("<img src=x").doesNotContain(hostile);
    }

    @Test
    void aSetThatChangesOnEveryRunKeepsTheLatestPeriodsWithinTheBudget() throws IOException {
        List<String> lines = new ArrayList<>();
        int count = PathSetJson.MAX_PERIODS_PER_HOST + 10;
        for (int i = 0; i < count; i++) {
            lines.add(pathSet("flappy", START + i * 100L, List.of(i % 2 == 0 ? VIA_A : VIA_B), 1, 6));
        }
        Path log = dir.resolve("flappy.log");
        Files.write(log, lines);
        ReportRun run = ReportRun.of(log.toString(), "-o", dir.resolve("report.html").toString());
        JsonNode sets = ReportRun.host(run.data(), "flappy").get("pathSets");
        assertThat(sets.get("periods").get("set")).hasSize(PathSetJson.MAX_PERIODS_PER_HOST);
        assertThat(sets.get("periodsOmitted").asInt()).isEqualTo(10);
        assertThat(sets.get("periods").get("from").get(0).asLong()).as("the latest kept").isEqualTo(START + 10 * 100L);
        assertThat(sets.get("sets")).hasSize(2);
    }

    private static String json(List<String> path) {
        return "[" + String.join(",", path.stream().map(h -> "\"" + h + "\"").toList()) + "]";
    }
}
