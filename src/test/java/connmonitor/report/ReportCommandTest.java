package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** connmonitor report, run in-process on synthetic logs; its numbers checked against the records. */
class ReportCommandTest {

    /** Ten minutes before {@link ReportRun#NOW}. */
    private static final long START = ReportRun.NOW.toEpochMilli() - 600_000;

    @TempDir
    Path dir;

    private Path log(String name, SyntheticLog.Spec spec) throws IOException {
        Path file = dir.resolve(name);
        new SyntheticLog(spec).write(file);
        return file;
    }

    private String page() {
        return dir.resolve("report.html").toString();
    }

    @Test
    void summaryOfEveryHostMatchesItsRecords() throws IOException {
        Path log = log("a.log", new SyntheticLog.Spec(4, 600, START, 1000, 10, 1));
        ReportRun run = ReportRun.of(log.toString(), "-o", page());
        assertThat(run.exitCode()).as(run.err()).isZero();
        RecordsOracle oracle = RecordsOracle.read(log);
        JsonNode data = run.data();
        assertThat(data.get("hosts")).hasSize(4);
        oracle.hosts.forEach((name, expected) -> {
            JsonNode s = ReportRun.host(data, name).get("summary");
            assertThat(s.get("bursts").asLong()).isEqualTo(expected.bursts.size());
            assertThat(s.get("availability").asDouble()).isCloseTo(expected.availability(), within(0.0005));
            assertThat(s.get("loss").asDouble()).isCloseTo(expected.loss(), within(0.0005));
            for (String p : List.of("p50", "p95", "p99")) {
                double exact = expected.percentile(Integer.parseInt(p.substring(1)) / 100.0);
                // 0.5 % bins: within 0.25 % of the exact value, plus the page's rounding to the microsecond
                assertThat(s.get(p).asDouble()).as(name + " " + p).isCloseTo(exact, within(exact * 0.0025 + 0.0005));
            }
            assertThat(s.get("routeChanges").asInt()).isEqualTo(expected.routeChanges());
            assertThat(s.get("scans").asLong()).isEqualTo(expected.scans);
            for (int i = 0; i < 3; i++) {
                assertThat(s.get("scansUp").get(i).asLong()).isEqualTo(expected.scansUp[i]);
            }
        });
        // the synthetic hosts are built so that these differ: odd hosts change route twice, host-02 has an outage
        assertThat(ReportRun.host(data, "host-01").get("summary").get("routeChanges").asInt()).isEqualTo(2);
        assertThat(ReportRun.host(data, "host-00").get("summary").get("routeChanges").asInt()).isZero();
        assertThat(ReportRun.host(data, "host-02").get("summary").get("availability").asDouble()).isLessThan(100);
        assertThat(run.out()).contains("4 hosts", "0 lines skipped");
    }

    @Test
    void eachPlottedBucketHoldsTheMinMaxLossAndMedianOfItsBursts() throws IOException {
        // 20000 bursts half a second apart: too many for one chart, so buckets of several bursts each
        Path log = log("long.log", new SyntheticLog.Spec(1, 20_000, START - 10_000_000, 500, 0, 2));
        ReportRun run = ReportRun.of(log.toString(), "-o", page());
        JsonNode host = run.data().get("hosts").get(0);
        long width = host.get("widthMs").asLong();
        JsonNode ping = host.get("ping");
        assertThat(width).isEqualTo(5000); // 10000 s: 1 s buckets would be 10000, more than 4000 per chart
        List<List<RecordsOracle.Burst>> expected = bucketed(RecordsOracle.read(log).hosts.get("host-00").bursts, width);
        assertThat(ping.get("t")).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            List<RecordsOracle.Burst> bursts = expected.get(i);
            List<RecordsOracle.Burst> answered = bursts.stream().filter(b -> b.loss() < 100).toList();
            assertThat(ping.get("n").get(i).asInt()).isEqualTo(bursts.size());
            assertThat(ping.get("t").get(i).asDouble())
                    .isCloseTo(Math.rint(bursts.stream().mapToDouble(RecordsOracle.Burst::time).average().orElseThrow()), within(1.0));
            assertThat(ping.get("loss").get(i).asDouble())
                    .isCloseTo(bursts.stream().mapToDouble(RecordsOracle.Burst::loss).average().orElseThrow(), within(0.0006));
            if (answered.isEmpty()) {
                assertThat(ping.get("med").get(i).isNull()).isTrue();
                continue;
            }
            assertThat(ping.get("min").get(i).asDouble())
                    .isCloseTo(answered.stream().mapToDouble(RecordsOracle.Burst::min).min().orElseThrow(), within(0.0006));
            assertThat(ping.get("max").get(i).asDouble())
                    .isCloseTo(answered.stream().mapToDouble(RecordsOracle.Burst::max).max().orElseThrow(), within(0.0006));
            double[] avgs = answered.stream().mapToDouble(RecordsOracle.Burst::avg).sorted().toArray();
            double lowerMedian = avgs[(int) Math.ceil(avgs.length * 0.5) - 1];
            assertThat(ping.get("med").get(i).asDouble()).isCloseTo(lowerMedian, within(lowerMedian * 0.01 + 0.0006));
        }
    }

    private static List<List<RecordsOracle.Burst>> bucketed(List<RecordsOracle.Burst> bursts, long width) {
        List<List<RecordsOracle.Burst>> buckets = new ArrayList<>();
        long current = Long.MIN_VALUE;
        for (RecordsOracle.Burst burst : bursts) {
            long key = Math.floorDiv((long) Math.floor(burst.time()), width);
            if (key != current) {
                buckets.add(new ArrayList<>());
                current = key;
            }
            buckets.getLast().add(burst);
        }
        return buckets;
    }

    @Test
    void recordsOutOfTimeOrderGiveTheSamePage() throws IOException {
        Path log = log("ordered.log", new SyntheticLog.Spec(3, 3000, START - 3_000_000, 1000, 20, 3));
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        Collections.shuffle(lines, new Random(7));
        Path shuffled = dir.resolve("shuffled.log");
        Files.write(shuffled, lines);
        JsonNode ordered = ReportRun.of(log.toString(), "-o", dir.resolve("a.html").toString()).data();
        JsonNode mixed = ReportRun.of(shuffled.toString(), "-o", dir.resolve("b.html").toString()).data();
        assertThat(mixed.get("hosts")).isEqualTo(ordered.get("hosts"));
        assertThat(mixed.get("totals")).isEqualTo(ordered.get("totals"));
    }

    @Test
    void logsIn5_0_0sFormAnd4_1_3sFormGiveTheSameReport() throws IOException {
        Path synthetic = log("synthetic.log", new SyntheticLog.Spec(3, 300, START, 1000, 10, 7));
        Path modern = dir.resolve("5.0.0.log");
        Path original = dir.resolve("4.1.3.log");
        LogForms.write(synthetic, modern, original);
        assertThat(Files.readString(original)).contains("\"loss\":0.000000}", "[\"10.9.0.1\", ").doesNotContain("E-");
        JsonNode fromModern = ReportRun.of(modern.toString(), "-o", dir.resolve("m.html").toString()).data();
        JsonNode fromOriginal = ReportRun.of(original.toString(), "-o", dir.resolve("o.html").toString()).data();
        assertThat(fromOriginal.get("hosts")).hasSize(3).isEqualTo(fromModern.get("hosts"));
        assertThat(fromOriginal.get("totals")).isEqualTo(fromModern.get("totals"));
    }

    @Test
    void theLatestPathRecordOfAHostBecomesItsHopTable() throws IOException {
        String path = "{\"addr\":\"127.0.0.1\",\"name\":\"h\",\"timestamp\":%d.000000,\"path\":[{\"hop\":1,"
                + "\"addr\":\"%s\",\"sent\":100,\"received\":70,\"loss\":30.000000,\"last\":1.500000,\"avg\":1.250000,"
                + "\"best\":1.000000,\"worst\":2.000000,\"jitter\":0.100000}]}\n";
        Path log = dir.resolve("path.log");
        // written out of time order: the later record wins whatever the order of the lines
        Files.writeString(log, path.formatted(START + 2000, "10.0.0.2") + path.formatted(START + 1000, "10.0.0.1"));
        ReportRun run = ReportRun.of(log.toString(), "-o", page());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 records", "0 lines skipped");
        JsonNode hop = ReportRun.host(run.data(), "h").get("path").get("hops").get(0);
        assertThat(hop.toString()).isEqualTo("[1,\"10.0.0.2\",30,100,1.5,1.25,1,2,0.1]");
    }

    @Test
    void badLinesAreSkippedCountedAndReported() throws IOException {
        Path log = log("bad.log", new SyntheticLog.Spec(2, 50, START, 1000, 0, 4));
        long synthetic = Files.readAllLines(log).size();
        String good = "{\"addr\":\"127.0.0.9\",\"name\":\"extra\",\"timestamp\":" + (START + 5) + ",\"ping\":{\"min\":1.0,"
                + "\"avg\":2.0,\"max\":3.0,\"std\":0.5,\"loss\":0.0,\"jitter\":{\"new\":[1,2]}},\"future\":true}\n";
        String junk = String.join("\n",
                "this is not a record",
                "localhost (127.0.0.1)", "Wed Nov 25 12:59:59 2026", "0.041\t0.290\t0.560\t0.090\t0.000",
                "{\"addr\":\"127.0.0.1\",\"name\":\"x\",\"ping\":{\"min\":1,\"avg\":1,\"max\":1,\"std\":0,\"loss\":0}}",
                "{\"addr\":\"127.0.0.1\",\"name\":\"x\",\"timestamp\":" + START + ",\"ping\":{\"min\":1,\"avg\":1,\"max\":1,\"std\":0,\"loss\":250}}",
                "{\"addr\":\"127.0.0.1\",\"name\":\"x\",\"timestamp\":" + START + ",\"hello\":1}",
                "[1,2,3]",
                "", "   ", "");
        Files.writeString(log, good + junk + "\n" + "{\"addr\":\"127.0.0.1\",\"name\":\"host-00\",\"timestamp\":17",
                java.nio.file.StandardOpenOption.APPEND);
        ReportRun run = ReportRun.of(log.toString(), "-o", page());
        assertThat(run.exitCode()).isZero();
        // garbage, 3 plaintext lines, an array: 5 not objects; loss 250 and the truncated last line: 2 broken;
        // no measurement: 1; no timestamp: 1. Blank lines are nothing lost. The extra record counts.
        assertThat(run.out()).contains((synthetic + 1) + " records", "9 lines skipped");
        long firstBad = synthetic + 2;
        assertThat(run.err()).startsWith("WW: " + log + ": skipped 9 lines, the first at line " + firstBad + ": ")
                .contains("5 not a JSON object (plaintext records?)", "2 broken or truncated JSON",
                        "1 JSON that is no ping, trace or scan record", "1 records without a timestamp");
        assertThat(run.err().lines()).hasSize(1);
        JsonNode data = run.data();
        assertThat(data.get("totals").get("skipped").asLong()).isEqualTo(9);
        assertThat(data.get("files").get(0).get("firstSkippedLine").asLong()).isEqualTo(firstBad);
        assertThat(ReportRun.host(data, "extra").get("ping").get("max").get(0).asDouble()).isEqualTo(3.0);
    }

    @Test
    void gzipRotatedLogsReadAsTheirPlainText() throws IOException {
        Path whole = log("whole.log", new SyntheticLog.Spec(2, 400, START - 400_000, 1000, 10, 5));
        List<String> lines = Files.readAllLines(whole);
        Path older = dir.resolve("connmonitor.log.1.gz");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(older))) {
            gz.write((String.join("\n", lines.subList(0, 500)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path newer = dir.resolve("connmonitor.log");
        Files.write(newer, lines.subList(500, lines.size()));
        JsonNode fromWhole = ReportRun.of(whole.toString(), "-o", dir.resolve("a.html").toString()).data();
        JsonNode fromParts = ReportRun.of(older.toString(), newer.toString(), "-o", dir.resolve("b.html").toString()).data();
        assertThat(fromParts.get("hosts")).isEqualTo(fromWhole.get("hosts"));
        assertThat(fromParts.get("files")).hasSize(2);

        byte[] gz = Files.readAllBytes(older);
        Path cut = dir.resolve("cut.log.gz");
        Files.write(cut, java.util.Arrays.copyOf(gz, gz.length / 2));
        ReportRun partial = ReportRun.of(cut.toString(), "-o", page());
        assertThat(partial.exitCode()).isZero();
        assertThat(partial.err()).contains("compressed data ends early");
        assertThat(partial.data().get("totals").get("records").asLong()).isBetween(1L, 499L);
    }

    @Test
    void sinceUntilAndHostChooseTheRecords() throws IOException {
        Path log = log("f.log", new SyntheticLog.Spec(3, 600, START, 1000, 0, 6));
        JsonNode onlyOne = ReportRun.of(log.toString(), "--host", "host-01", "-o", page()).data();
        assertThat(onlyOne.get("hosts")).hasSize(1);
        assertThat(onlyOne.get("hosts").get(0).get("name").asText()).isEqualTo("host-01");

        JsonNode byAddress = ReportRun.of(log.toString(), "--host=" + SyntheticLog.hostAddr(2), "-o", page()).data();
        assertThat(byAddress.get("hosts").get(0).get("name").asText()).isEqualTo("host-02");

        // START is 10 minutes before now: the last 5 minutes hold the second half of the bursts
        String since = java.time.Instant.ofEpochMilli(START + 300_000).toString();
        ReportRun windowed = ReportRun.of(log.toString(), "--since", since, "--until", "now", "-o", page());
        RecordsOracle oracle = RecordsOracle.read(log);
        long expected = oracle.hosts.get("host-00").bursts.stream().filter(b -> b.time() >= START + 300_000).count();
        assertThat(ReportRun.host(windowed.data(), "host-00").get("summary").get("bursts").asLong()).isEqualTo(expected);
        assertThat(windowed.out()).contains("records outside the filters");
        JsonNode lastMinutes = ReportRun.of(log.toString(), "--since=5m", "-o", page()).data();
        assertThat(lastMinutes.get("hosts").get(0).get("summary").get("bursts").asLong()).isEqualTo(expected);
    }

    @Test
    void pageIsSelfContainedAndItsDataCannotBreakOut() throws IOException {
        Path log = dir.resolve("evil.log");
        String server = "</script><script>alert(1)</script> & <!-- \u2028";
        Files.writeString(log, "{\"addr\":\"127.0.0.1\",\"name\":\"<b>host</b>\",\"timestamp\":" + START
                + ",\"scan\":{\"http\":{\"rtt\":1.5,\"response code\":\"200\",\"server\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(server)
                + "},\"https\":\"None\",\"mysql\":\"None\"}}\n");
        ReportRun run = ReportRun.of(log.toString(), "-o", page());
        String html = run.html();
        assertThat(html).doesNotContain("alert(1)</script>").doesNotContain("<b>host</b>");
        assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContainPattern("<link[^>]+href=")
                .doesNotContainPattern("url\\((?!data:)");
        assertThat(html).contains("uPlot").contains("The MIT License");
        String common = new String(ReportCommandTest.class.getResourceAsStream(PageAssets.COMMON).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).as("the helpers shared with the live view, inlined once, before the report's script")
                .containsOnlyOnce(common);
        assertThat(html.indexOf(common)).isLessThan(html.indexOf("connmonitor report: draws the data"));
        JsonNode host = run.data().get("hosts").get(0);
        assertThat(host.get("name").asText()).isEqualTo("<b>host</b>");
        assertThat(host.get("scan").get("details").get(0).asText()).isEqualTo("200 " + server);
    }

    @Test
    void aMissingLogIsOneClearErrorAndNoPage() {
        ReportRun run = ReportRun.of(dir.resolve("nope.log").toString(), "-o", page());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("EE: FileNotFoundError: report: no such log file: " + dir.resolve("nope.log")
                + " -\t").hasLineCount(1);
        assertThat(dir.resolve("report.html")).doesNotExist();
    }

    @Test
    void anUnwritablePageIsSaidBeforeReadingAnything() throws IOException {
        Path log = log("a.log", new SyntheticLog.Spec(1, 10, START, 1000, 0, 9));
        ReportRun run = ReportRun.of(log.toString(), "-o", dir.resolve("no/such/folder/report.html").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("EE: WriteError: report: cannot write ").contains("no writable folder")
                .hasLineCount(1);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(ReportRun.of().err()).startsWith("EE: UsageError: report: no log file given");
        assertThat(ReportRun.of("x.log", "--frobnicate").err()).contains("unknown option '--frobnicate'");
        assertThat(ReportRun.of("x.log", "--since", "yesterday-ish").err()).contains("'yesterday-ish' is no time");
        assertThat(ReportRun.of("x.log", "--since", "1h", "--until", "2h").err()).contains("--since is after --until");
        assertThat(ReportRun.of("x.log", "-o").exitCode()).isEqualTo(1);
        ReportRun help = ReportRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("usage: connmonitor report LOG...");
    }

    @Test
    void aLogWithoutRecordsStillGivesAPageThatSaysSo() throws IOException {
        Path log = dir.resolve("empty.log");
        Files.writeString(log, "localhost\nWed Nov 25 12:59:59 2026\n0.041\t0.290\t0.560\t0.090\t0.000\n");
        ReportRun run = ReportRun.of(log.toString(), "-o", page());
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("WW: report: no usable records");
        assertThat(run.data().get("hosts")).isEmpty();
        assertThat(run.data().get("totals").get("skipped").asLong()).isEqualTo(3);
    }

    @Test
    void manyHostsStayWithinTheBucketBudgetAndTheSizeLimit() throws IOException {
        // 60 hosts, a day each at one burst a minute: 86400 records, about 17 MB of log
        Path log = log("fleet.log", new SyntheticLog.Spec(60, 1440, START - 86_400_000, 60_000, 30, 8));
        ReportRun run = ReportRun.of(log.toString(), "-o", page());
        assertThat(run.exitCode()).isZero();
        int perHost = ReportBuilder.bucketsPerHost(60);
        for (JsonNode host : run.data().get("hosts")) {
            assertThat(host.get("ping").get("t").size()).isLessThanOrEqualTo(perHost);
            assertThat(host.get("summary").get("bursts").asLong()).isEqualTo(1440);
        }
        assertThat(Files.size(run.page())).isLessThan(5L << 20);
    }
}
