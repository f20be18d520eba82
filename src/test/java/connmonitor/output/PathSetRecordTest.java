package connmonitor.output;

import connmonitor.config.ConfigParser;
import connmonitor.config.HostEntry;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PathSetResult;
import connmonitor.support.UtcTimeZone;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The paths= record: its JSON and plaintext shapes, and that it is printed only when the set of paths changes. */
@ExtendWith(UtcTimeZone.class)
class PathSetRecordTest {

    private static final long MICROS = 1_795_982_034_632_945L;

    private static List<InetAddress> path(String... hops) {
        return Arrays.stream(hops).map(hop -> hop.equals("*") ? null : InetAddress.ofLiteral(hop)).toList();
    }

    private static final PathSetResult TWO = new PathSetResult(List.of(path("10.0.1.2", "10.0.3.2", "10.0.6.2"),
            path("10.0.1.2", "10.0.2.2", "10.0.6.2")), 16, 96);

    private static Target target(String line) {
        HostEntry entry = ConfigParser.parse(line).hosts().getFirst();
        return new Target(entry.host(), InetAddress.ofLiteral("10.0.6.2"), entry.options(), entry.line(), entry.fleet());
    }

    private static String printed(String line, Optional<String> vantage, PathSetResult paths) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RecordPrinter(out, vantage).print(List.of(new Observation(target(line), paths, MICROS)));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonListsThePathsInStringOrderThenFlowsAndProbes() throws Exception {
        assertThat(printed("web.example paths=60000 proto=udp json=1", Optional.empty(), TWO)).isEqualTo(
                "{\"addr\":\"10.0.6.2\",\"name\":\"web.example\",\"timestamp\":1795982034632.945000,\"paths\":["
                        + "[\"10.0.1.2\",\"10.0.2.2\",\"10.0.6.2\"],[\"10.0.1.2\",\"10.0.3.2\",\"10.0.6.2\"]],"
                        + "\"flows\":16,\"probes\":96}\n");
    }

    @Test
    void jsonCarriesLabelsAndVantageAfterAndStarsAsStrings() throws Exception {
        PathSetResult silent = new PathSetResult(List.of(path("10.0.1.2", "*", "10.0.6.2")), 6, 36);
        assertThat(printed("web.example paths=60000 json=1 timestamp=0 label.site=fra1", Optional.of("ams-1"), silent))
                .isEqualTo("{\"addr\":\"10.0.6.2\", \"name\":\"web.example\", \"paths\":[[\"10.0.1.2\",\"*\","
                        + "\"10.0.6.2\"]],\"flows\":6,\"probes\":36,\"labels\":{\"site\":\"fra1\"},\"vantage\":\"ams-1\"}\n");
    }

    @Test
    void plaintextIsOneLinePerPathWithTabs() throws Exception {
        assertThat(printed("web.example paths=60000", Optional.empty(), TWO)).isEqualTo(
                "web.example 10.0.6.2\nSun Nov 29 19:53:54 2026\n10.0.1.2\t10.0.2.2\t10.0.6.2\n10.0.1.2\t10.0.3.2\t10.0.6.2\n");
    }

    @Test
    void onlyAChangedSetIsPrintedAndAReloadKeepsTheLastOne() {
        List<String> lines = new ArrayList<>();
        Log log = new Log(new ByteArrayOutputStream(), Clock.fixed(Instant.EPOCH, ZoneId.of("UTC")), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ObservationSink sink = new ObservationSink(observation -> { }, out, log);
        Target host = target("web.example paths=1000 json=1");
        PathSetResult twoWithAStar = new PathSetResult(List.of(path("10.0.1.2", "*", "10.0.6.2"),
                path("10.0.1.2", "10.0.3.2", "10.0.6.2")), 11, 66);
        PathSetResult one = new PathSetResult(List.of(path("10.0.1.2", "10.0.2.2", "10.0.6.2")), 6, 36);
        for (PathSetResult run : List.of(TWO, TWO, twoWithAStar, one, one, TWO)) {
            sink.accept(new Observation(host, run, MICROS));
        }
        Target reparsed = target("web.example paths=1000 json=1"); // an unchanged line, read again: equal
        sink.reloaded(List.of(reparsed));
        sink.accept(new Observation(reparsed, TWO, MICROS));
        sink.print();
        out.toString(StandardCharsets.UTF_8).lines().forEach(lines::add);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"flows\":16");
        assertThat(lines.get(1)).contains("\"flows\":6");
        assertThat(lines.get(2)).contains("\"flows\":16");
    }

    @Test
    void aHopThePrintedSetLostIsLearntFromLaterSetsSoAChangeThereStillPrints() {
        PathSetResult starred = new PathSetResult(List.of(path("10.0.1.2", "*", "10.0.6.2"),
                path("10.0.1.2", "10.0.3.2", "10.0.6.2")), 11, 66);
        PathSetResult elsewhere = new PathSetResult(List.of(path("10.0.1.2", "10.0.4.2", "10.0.6.2"),
                path("10.0.1.2", "10.0.3.2", "10.0.6.2")), 16, 96);
        assertThat(printedOf(starred, TWO, elsewhere)).containsExactly(true, false, true);
        assertThat(printedOf(TWO, starred, elsewhere)).containsExactly(true, false, true);
        assertThat(printedOf(TWO, starred, TWO)).containsExactly(true, false, false);
        // a * where the two paths differ matches both; the other path taken, it is the one left
        PathSetResult other = new PathSetResult(List.of(path("10.0.1.2", "*", "10.0.6.2"),
                path("10.0.1.2", "10.0.2.2", "10.0.6.2")), 11, 66);
        assertThat(printedOf(other, TWO, elsewhere)).containsExactly(true, false, true);
        // two paths that could each be either learn nothing: neither may become both, or the set would seem to change
        PathSetResult either = new PathSetResult(List.of(path("10.0.1.2", "*", "10.0.6.2"),
                path("*", "*", "10.0.6.2")), 11, 66);
        assertThat(printedOf(either, TWO, TWO, either, TWO)).containsExactly(true, false, false, false, false);
    }

    private static List<Boolean> printedOf(PathSetResult... runs) {
        PathSetFilter filter = new PathSetFilter();
        Target host = target("web.example paths=1000 json=1");
        List<Boolean> printed = new ArrayList<>();
        for (PathSetResult run : runs) {
            printed.add(filter.shouldPrint(new Observation(host, run, MICROS)));
        }
        return printed;
    }
}
