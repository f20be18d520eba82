package connmonitor.output;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import connmonitor.support.UtcTimeZone;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line form connmonitor 4.1.3 prints, pinned byte for byte, so a log parser written for 4.1.3 keeps
 * working. The expected strings are what 4.1.3's printf-style code writes for the same values (its JSON
 * numbers are Python's {@code %f}; its stderr pieces are joined by {@code print}'s spaces).
 */
@ExtendWith(UtcTimeZone.class)
class DropInFormatTest {

    /** Sun Nov 29 19:53:54.632945 2026 UTC. */
    private static final long MICROS = 1_795_982_034_632_945L;
    private static final String CTIME = "Sun Nov 29 19:53:54 2026";
    private static final PingResult PING = PingResult.of(4, new double[] {3.543, 11.368, 4.0, 0.9095});
    private static final PingResult ALL_LOST = PingResult.of(10, new double[0]);
    private static final TraceResult TRACE = new TraceResult(List.of(
            TraceResult.Step.answered(InetAddress.ofLiteral("10.0.1.2"), 10.484712),
            TraceResult.Step.NO_ANSWER,
            TraceResult.Step.answered(InetAddress.ofLiteral("10.0.6.2"), 38.590375)), true);
    private static final ScanResult SCAN = new ScanResult(
            Optional.of(new ScanResult.Http(0.412, "200", "nginx", ScanResult.Certificate.NONE)),
            Optional.empty(),
            Optional.of(new ScanResult.Mysql(0.39, "10.11.6-MariaDB", Optional.empty())));

    private static String record(String name, String address, boolean json, boolean timestamp, Object measurement) {
        Options d = Options.DEFAULTS;
        Target target = new Target(name, InetAddress.ofLiteral(address), new Options(d.pingMillis(), d.numPings(),
                d.payload(), d.traceMillis(), d.hops(), d.scanMillis(), json, timestamp), 1);
        return RecordFormat.of(json).format(new Observation(target, (connmonitor.probe.Measurement) measurement, MICROS));
    }

    @Test
    void plaintextHeaderIsTheHostThenASpaceAndTheAddressWhenItDiffers() {
        assertThat(record("localhost", "127.0.0.1", false, true, PING))
                .isEqualTo("localhost 127.0.0.1\n" + CTIME + "\n0.909\t4.955\t11.368\t4.487\t0.000\n");
        assertThat(record("127.0.0.2", "127.0.0.2", false, false, PING))
                .isEqualTo("127.0.0.2\n0.909\t4.955\t11.368\t4.487\t0.000\n");
    }

    @Test
    void plaintextAllLostTraceAndScan() {
        assertThat(record("127.0.0.2", "127.0.0.2", false, false, ALL_LOST))
                .isEqualTo("127.0.0.2\n-1.000\t-1.000\t-1.000\t-1.000\t100.000\n");
        assertThat(record("host3", "10.0.6.2", false, true, TRACE))
                .isEqualTo("host3 10.0.6.2\n" + CTIME + "\n10.0.1.2\t10.485\n*\n10.0.6.2\t38.590\n");
        assertThat(record("localhost", "127.0.0.1", false, false, SCAN))
                .isEqualTo("localhost 127.0.0.1\n0.412, 200, nginx\tNone\t0.390, 10.11.6-MariaDB\n");
    }

    @Test
    void jsonWithTimestampIsPrintfStyleWithSixDecimals() {
        assertThat(record("localhost", "127.0.0.1", true, true, PING)).isEqualTo(
                "{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"timestamp\":1795982034632.945000,"
                        + "\"ping\":{\"min\":0.909500,\"avg\":4.955125,\"max\":11.368000,\"std\":4.486959,\"loss\":0.000000}}\n");
    }

    @Test
    void jsonWithoutTimestampHasASpaceAfterEachHeaderComma() {
        assertThat(record("localhost", "127.0.0.1", true, false, PING)).isEqualTo(
                "{\"addr\":\"127.0.0.1\", \"name\":\"localhost\", "
                        + "\"ping\":{\"min\":0.909500,\"avg\":4.955125,\"max\":11.368000,\"std\":4.486959,\"loss\":0.000000}}\n");
    }

    @Test
    void jsonAllLost() {
        assertThat(record("127.0.0.2", "127.0.0.2", true, false, ALL_LOST)).isEqualTo(
                "{\"addr\":\"127.0.0.2\", \"name\":\"127.0.0.2\", \"ping\":{\"min\":-1.000000,\"avg\":-1.000000,"
                        + "\"max\":-1.000000,\"std\":-1.000000,\"loss\":100.000000}}\n");
    }

    @Test
    void jsonSmallNumbersNeverUseAnExponent() {
        PingResult tiny = PingResult.of(2, new double[] {0.000672, 0.0006725});
        assertThat(record("::1", "::1", true, false, tiny))
                .contains("\"min\":0.000672,").doesNotContain("E-").doesNotContain("e-");
    }

    @Test
    void jsonTraceStepHasASpaceAfterItsComma() {
        assertThat(record("host3", "10.0.6.2", true, true, TRACE)).isEqualTo(
                "{\"addr\":\"10.0.6.2\",\"name\":\"host3\",\"timestamp\":1795982034632.945000,"
                        + "\"trace\":[[\"10.0.1.2\", 10.484712],[\"*\"],[\"10.0.6.2\", 38.590375]]}\n");
    }

    @Test
    void jsonScanWithNone() {
        assertThat(record("localhost", "127.0.0.1", true, false, SCAN)).isEqualTo(
                "{\"addr\":\"127.0.0.1\", \"name\":\"localhost\", \"scan\":{\"http\":{\"rtt\":0.412000,"
                        + "\"response code\":\"200\",\"server\":\"nginx\"},\"https\":\"None\","
                        + "\"mysql\":{\"rtt\":0.390000,\"version\":\"10.11.6-MariaDB\"}}}\n");
    }

    @Test
    void ourExtraScanKeysComeAfterTheOriginalOnesAndStringsStayEscaped() {
        ScanResult scan = new ScanResult(Optional.empty(),
                Optional.of(new ScanResult.Http(1.5, "200", "evil\"</script>\n", ScanResult.Certificate.UNVERIFIED)),
                Optional.of(new ScanResult.Mysql(2, "Host '127.0.0.1' is blocked", Optional.of("blocked"))));
        assertThat(record("localhost", "127.0.0.1", true, false, scan)).isEqualTo(
                "{\"addr\":\"127.0.0.1\", \"name\":\"localhost\", \"scan\":{\"http\":\"None\",\"https\":{\"rtt\":1.500000,"
                        + "\"response code\":\"200\",\"server\":\"evil\\\"</script>\\n\",\"certificate verified\":false},"
                        + "\"mysql\":{\"rtt\":2.000000,\"version\":\"Host '127.0.0.1' is blocked\",\"error\":\"blocked\"}}}\n");
    }

    @Test
    void stderrLinesHaveASpaceAfterTheTab() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Clock clock = Clock.fixed(Instant.ofEpochSecond(MICROS / 1_000_000), ZoneOffset.UTC);
        Log log = new Log(err, clock, false);
        log.error("OSError", "message");
        log.warn("warning");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("EE: OSError: message -\t " + CTIME + "\nWW: warning -\t " + CTIME + "\n");
    }
}
