package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One line of a record log to a record, or the reason it is skipped. */
class RecordParserTest {

    private static final long NOW = 1_764_075_600_000L;
    private final RecordParser parser = new RecordParser(NOW);

    private ParsedLine parse(String line) {
        byte[] bytes = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 2, bytes.length - 4); // a slice of a bigger buffer, as the reader passes it
    }

    @Test
    void aPingRecordAs5_0_0WroteIt() {
        assertThat(parse("{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"timestamp\":1764075599123.456,"
                + "\"ping\":{\"min\":0.04,\"avg\":0.29,\"max\":0.56,\"std\":0.09,\"loss\":0.0}}"))
                .isEqualTo(new LogRecord.Ping("localhost", "127.0.0.1", 1764075599123.456, 0.04, 0.29, 0.56, 0.09, 0.0));
    }

    @Test
    void recordsIn4_1_3sPrintfFormReadTheSame() {
        // what 4.1.3 (and this version) print: %f numbers, a space inside trace steps
        assertThat(parse("{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"timestamp\":1764075599123.456000,"
                + "\"ping\":{\"min\":0.040000,\"avg\":0.290000,\"max\":0.560000,\"std\":0.090000,\"loss\":0.000000}}"))
                .isEqualTo(new LogRecord.Ping("localhost", "127.0.0.1", 1764075599123.456, 0.04, 0.29, 0.56, 0.09, 0.0));
        LogRecord.Trace trace = (LogRecord.Trace) parse("{\"addr\":\"10.0.6.2\",\"name\":\"host3\",\"timestamp\":1764075599000.000000,"
                + "\"trace\":[[\"10.0.1.2\", 10.484712],[\"*\"],[\"10.0.6.2\", 38.590375]]}");
        assertThat(trace.steps()).containsExactly(new LogRecord.Trace.Step("10.0.1.2", 10.484712),
                new LogRecord.Trace.Step(null, Double.NaN), new LogRecord.Trace.Step("10.0.6.2", 38.590375));
        LogRecord.Scan scan = (LogRecord.Scan) parse("{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"timestamp\":1764075599000.000000,"
                + "\"scan\":{\"http\":{\"rtt\":0.412000,\"response code\":\"200\",\"server\":\"nginx\"},\"https\":\"None\","
                + "\"mysql\":{\"rtt\":0.390000,\"version\":\"10.11.6-MariaDB\"}}}");
        assertThat(scan.http()).extracting(LogRecord.Scan.Answer::rttMillis, LogRecord.Scan.Answer::detail).containsExactly(0.412, "200 nginx");
        assertThat(scan.https()).isNull();
        assertThat(scan.mysql()).extracting(LogRecord.Scan.Answer::rttMillis, LogRecord.Scan.Answer::detail).containsExactly(0.39, "10.11.6-MariaDB");
    }

    @Test
    void aPathRecordKeepsMtrsColumnsPerHop() {
        LogRecord.Path path = (LogRecord.Path) parse("{\"addr\":\"10.0.6.2\",\"name\":\"h\",\"timestamp\":1764075599000.000000,"
                + "\"path\":[{\"hop\":1,\"addr\":\"10.0.1.2\",\"sent\":100,\"received\":99,\"loss\":1.000000,\"last\":0.312000,"
                + "\"avg\":0.300000,\"best\":0.250000,\"worst\":0.400000,\"jitter\":0.050000},"
                + "{\"hop\":2,\"addr\":\"*\",\"sent\":100,\"received\":0,\"loss\":100.000000,\"last\":-1.000000,"
                + "\"avg\":-1.000000,\"best\":-1.000000,\"worst\":-1.000000,\"jitter\":-1.000000}]}");
        assertThat(path.hops()).containsExactly(
                new LogRecord.Path.Hop(1, "10.0.1.2", 100, 1.0, 0.312, 0.3, 0.25, 0.4, 0.05),
                new LogRecord.Path.Hop(2, "*", 100, 100.0, -1, -1, -1, -1, -1));
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599000,\"path\":[{\"hop\":0,\"sent\":1,\"loss\":0}]}"))
                .as("hop 0").isEqualTo(ParsedLine.Skip.MALFORMED);
    }

    @Test
    void aPathSetRecordKeepsItsPathsHopByHopAndItsEffort() {
        // the record as paths=MS writes it: keys in its order, %f timestamp, "*" for a silent hop
        LogRecord.PathSet set = (LogRecord.PathSet) parse("{\"addr\":\"10.0.6.2\",\"name\":\"web.example\","
                + "\"timestamp\":1764075599632.945000,\"paths\":[[\"10.0.1.2\",\"10.0.2.2\",\"10.0.6.2\"],"
                + "[\"10.0.1.2\",\"*\",\"10.0.6.2\"]],\"flows\":16,\"probes\":96,\"vantage\":\"fra1\"}");
        assertThat(set).isEqualTo(new LogRecord.PathSet("web.example", "10.0.6.2", 1764075599632.945,
                List.of(List.of("10.0.1.2", "10.0.2.2", "10.0.6.2"), List.of("10.0.1.2", "*", "10.0.6.2")), 16, 96,
                new LogRecord.Origin("fra1", Map.of())));
        // effort first, labels between: JSON keys come in any order
        LogRecord.PathSet reordered = (LogRecord.PathSet) parse("{\"probes\":6,\"flows\":1,\"labels\":{\"site\":\"x\"},"
                + "\"paths\":[[\"::1\"]],\"name\":\"h\",\"addr\":\"::1\",\"timestamp\":1764075599000}");
        assertThat(reordered.paths()).containsExactly(List.of("::1"));
        assertThat(reordered).extracting(LogRecord.PathSet::flows, LogRecord.PathSet::probes).containsExactly(1, 6);
        assertThat(reordered.origin().labels()).containsEntry("site", "x");
        // a writer that leaves the effort out still reads; -1 says "not said"
        LogRecord.PathSet bare = (LogRecord.PathSet) parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599000,\"paths\":[]}");
        assertThat(bare).extracting(LogRecord.PathSet::paths, LogRecord.PathSet::flows, LogRecord.PathSet::probes)
                .containsExactly(List.of(), -1, -1);
        // hostile text is kept as text: the page decides how to show it
        LogRecord.PathSet hostile = (LogRecord.PathSet) parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599000,"
                + "\"paths\":[[\"<img src=x onerror=alert(1)>\"]],\"flows\":1,\"probes\":1}");
        assertThat(hostile.paths().getFirst()).containsExactly("<img src=x onerror=alert(1)>");
    }

    @Test
    void aBrokenPathSetCostsOnlyItsLine() {
        String head = "{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599000,";
        assertThat(parse(head + "\"paths\":[[]],\"flows\":1,\"probes\":1}")).as("an empty path").isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse(head + "\"paths\":[[1,2]],\"flows\":1,\"probes\":1}")).as("numbers for hops").isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse(head + "\"paths\":[\"10.0.0.1\"],\"flows\":1,\"probes\":1}")).as("a path that is no array")
                .isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse(head + "\"paths\":{},\"flows\":1,\"probes\":1}")).as("an object").isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse(head + "\"paths\":[[\"a\"]],\"flows\":-3,\"probes\":1}")).as("negative flows").isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse(head + "\"paths\":[[\"a\"]],\"flows\":\"many\",\"probes\":1}")).as("text flows").isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse(head + "\"paths\":[[\"a\"],[\"b\"]")).as("cut off").isEqualTo(ParsedLine.Skip.MALFORMED);
        String tooLong = "[" + String.join(",", java.util.Collections.nCopies(RecordBodies.MAX_HOPS + 1, "\"a\"")) + "]";
        assertThat(parse(head + "\"paths\":[" + tooLong + "],\"flows\":1,\"probes\":1}")).as("256 hops").isEqualTo(ParsedLine.Skip.MALFORMED);
        String many = String.join(",", java.util.Collections.nCopies(RecordBodies.MAX_PATHS + 1, "[\"a\"]"));
        assertThat(parse(head + "\"paths\":[" + many + "],\"flows\":1,\"probes\":1}")).as("1025 paths").isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"paths\":[[\"a\"]]}")).isEqualTo(ParsedLine.Skip.NO_TIMESTAMP);
        // flows and probes alone, on another kind of record, change nothing
        assertThat(parse(head + "\"flows\":1,\"probes\":-5,\"trace\":[[\"10.0.0.1\",0.35]]}")).isInstanceOf(LogRecord.Trace.class);
    }

    @Test
    void anUnansweredBurstIsAPingWithFullLoss() {
        LogRecord.Ping lost = (LogRecord.Ping) parse("{\"addr\":\"::1\",\"name\":\"h\",\"timestamp\":1764075599123,"
                + "\"ping\":{\"min\":-1,\"avg\":-1,\"max\":-1,\"std\":-1,\"loss\":100}}");
        assertThat(lost.answered()).isFalse();
        assertThat(lost.loss()).isEqualTo(100);
    }

    @Test
    void aTraceKeepsItsStepsAndStars() {
        LogRecord.Trace trace = (LogRecord.Trace) parse("{\"addr\":\"10.0.0.9\",\"name\":\"host3\",\"timestamp\":1764075599000,"
                + "\"trace\":[[\"10.0.0.1\",0.35],[\"*\"],[\"10.0.0.9\",1.2]]}");
        assertThat(trace.steps()).containsExactly(new LogRecord.Trace.Step("10.0.0.1", 0.35),
                new LogRecord.Trace.Step(null, Double.NaN), new LogRecord.Trace.Step("10.0.0.9", 1.2));
    }

    @Test
    void aScanWithNoneAndTheFieldsOfTheJavaRebuild() {
        LogRecord.Scan scan = (LogRecord.Scan) parse("{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"timestamp\":1764075599000,"
                + "\"scan\":{\"http\":{\"rtt\":1.2,\"response code\":\"200\",\"server\":\"nginx\"},"
                + "\"https\":{\"rtt\":2.5,\"response code\":301,\"server\":\"Unknown\",\"certificate verified\":false},"
                + "\"mysql\":{\"rtt\":0.9,\"version\":\"\",\"error\":\"Host is not allowed\"}}}");
        assertThat(scan.http()).extracting(LogRecord.Scan.Answer::rttMillis, LogRecord.Scan.Answer::detail).containsExactly(1.2, "200 nginx");
        assertThat(scan.https()).extracting(LogRecord.Scan.Answer::rttMillis, LogRecord.Scan.Answer::detail).containsExactly(2.5, "301 Unknown");
        assertThat(scan.https()).extracting(LogRecord.Scan.Answer::code, LogRecord.Scan.Answer::server,
                LogRecord.Scan.Answer::verified).containsExactly("301", "Unknown", false);
        assertThat(scan.mysql()).extracting(LogRecord.Scan.Answer::version, LogRecord.Scan.Answer::error)
                .containsExactly("", "Host is not allowed");
        assertThat(scan.mysql().detail()).isEqualTo("error: Host is not allowed");
        LogRecord.Scan none = (LogRecord.Scan) parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599000,"
                + "\"scan\":{\"http\":\"None\",\"https\":\"None\",\"mysql\":\"None\"}}");
        assertThat(none.http()).isNull();
        assertThat(none.mysql()).isNull();
    }

    @Test
    void unknownFieldsAnywhereAreSkipped() {
        assertThat(parse("{\"v\":5,\"addr\":\"a\",\"extra\":{\"deep\":[1,{\"x\":[]}]},\"name\":\"b\",\"timestamp\":1764075599000,"
                + "\"ping\":{\"min\":1,\"avg\":2,\"max\":3,\"std\":0,\"loss\":0,\"median\":2,\"rtts\":[1,2,3]},\"tags\":null}"))
                .isInstanceOf(LogRecord.Ping.class);
    }

    @Test
    void pythonNaNIsANumber() {
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599000,"
                + "\"ping\":{\"min\":1,\"avg\":1,\"max\":1,\"std\":NaN,\"loss\":0}}")).isInstanceOf(LogRecord.Ping.class);
    }

    @Test
    void whatIsNoRecordSaysWhy() {
        assertThat(parse("localhost (127.0.0.1)")).isEqualTo(ParsedLine.Skip.PLAINTEXT);
        assertThat(parse("localhost 127.0.0.1")).isEqualTo(ParsedLine.Skip.PLAINTEXT);
        assertThat(parse("3.543\t4.955\t11.368\t1.442\t0.000")).isEqualTo(ParsedLine.Skip.PLAINTEXT);
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":17640755990")).isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse("{\"addr\":\"a\"} trailing")).isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":\"soon\",\"ping\":{}}")).isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599000,\"ping\":{\"loss\":0}}"))
                .as("answered burst without RTTs").isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599000,\"ping\":{\"min\":1,\"avg\":1,\"max\":1,\"std\":0,\"loss\":-5}}"))
                .isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599000,\"trace\":[[1,2]]}")).isEqualTo(ParsedLine.Skip.MALFORMED);
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599000}")).isEqualTo(ParsedLine.Skip.NOT_A_RECORD);
        assertThat(parse("{\"timestamp\":1764075599000,\"ping\":{\"min\":1,\"avg\":1,\"max\":1,\"std\":0,\"loss\":0}}"))
                .isEqualTo(ParsedLine.Skip.NOT_A_RECORD);
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"ping\":{\"min\":1,\"avg\":1,\"max\":1,\"std\":0,\"loss\":0}}"))
                .isEqualTo(ParsedLine.Skip.NO_TIMESTAMP);
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":1764075599,\"ping\":{\"min\":1,\"avg\":1,\"max\":1,\"std\":0,\"loss\":0}}"))
                .as("seconds, not ms").isEqualTo(ParsedLine.Skip.BAD_TIMESTAMP);
        assertThat(parse("{\"addr\":\"a\",\"name\":\"b\",\"timestamp\":" + (NOW + 400L * 86_400_000)
                + ",\"ping\":{\"min\":1,\"avg\":1,\"max\":1,\"std\":0,\"loss\":0}}")).isEqualTo(ParsedLine.Skip.BAD_TIMESTAMP);
    }

    @Test
    void aRecordWithOnlyAnAddressIsNamedByIt() {
        LogRecord record = (LogRecord) parse("{\"addr\":\"127.0.0.1\",\"timestamp\":1764075599000,"
                + "\"ping\":{\"min\":1,\"avg\":1,\"max\":1,\"std\":0,\"loss\":0}}");
        assertThat(record.name()).isEqualTo("127.0.0.1");
    }
}
