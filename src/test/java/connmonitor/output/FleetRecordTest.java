package connmonitor.output;

import connmonitor.config.ConfigParser;
import connmonitor.config.HostEntry;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Labels and the vantage name in records: JSON only, after 4.1.3's keys, and nothing at all without them. */
class FleetRecordTest {

    private static final long MICROS = 1_795_982_034_632_945L;
    private static final PingResult PING = PingResult.of(4, new double[] {3.543, 11.368, 4.0, 0.9095});
    private static final String PING_JSON =
            "\"ping\":{\"min\":0.909500,\"avg\":4.955125,\"max\":11.368000,\"std\":4.486959,\"loss\":0.000000}";
    private static TimeZone saved;

    @BeforeAll
    static void utc() {
        saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterAll
    static void restore() {
        TimeZone.setDefault(saved);
    }

    /** What the printer writes for one ping of the config line's host (resolved to 127.0.0.1). */
    private static String printed(String line, Optional<String> vantage) throws Exception {
        HostEntry entry = ConfigParser.parse(line).hosts().getFirst();
        Target target = new Target(entry.host(), InetAddress.ofLiteral("127.0.0.1"), entry.options(), entry.line(),
                entry.fleet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RecordPrinter(out, vantage).print(List.of(new Observation(target, PING, MICROS)));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a413ConfigPrintsExactly413sBytes() throws Exception {
        assertThat(printed("localhost json=1", Optional.empty())).isEqualTo(
                "{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"timestamp\":1795982034632.945000," + PING_JSON + "}\n");
        assertThat(printed("localhost json=1 timestamp=0", Optional.empty())).isEqualTo(
                "{\"addr\":\"127.0.0.1\", \"name\":\"localhost\", " + PING_JSON + "}\n");
        assertThat(printed("localhost", Optional.empty())).isEqualTo(
                "localhost 127.0.0.1\nSun Nov 29 19:53:54 2026\n0.909\t4.955\t11.368\t4.487\t0.000\n");
    }

    @Test
    void labelsAndVantageFollow413sKeys() throws Exception {
        assertThat(printed("localhost json=1 timestamp=0 label.site=fra1 LABEL.Role=db", Optional.empty())).isEqualTo(
                "{\"addr\":\"127.0.0.1\", \"name\":\"localhost\", " + PING_JSON
                        + ",\"labels\":{\"site\":\"fra1\",\"Role\":\"db\"}}\n");
        assertThat(printed("localhost json=1 timestamp=0", Optional.of("ams-1"))).isEqualTo(
                "{\"addr\":\"127.0.0.1\", \"name\":\"localhost\", " + PING_JSON + ",\"vantage\":\"ams-1\"}\n");
        assertThat(printed("localhost json=1 label.q=\"x\\", Optional.of("z\u00fcrich"))).isEqualTo(
                "{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"timestamp\":1795982034632.945000," + PING_JSON
                        + ",\"labels\":{\"q\":\"\\\"x\\\\\"},\"vantage\":\"z\u00fcrich\"}\n");
    }

    @Test
    void plaintextHasNoRoomForLabelsOrVantageAndStaysAsItWas() throws Exception {
        assertThat(printed("localhost label.site=fra1", Optional.of("ams-1")))
                .isEqualTo(printed("localhost", Optional.empty()));
    }
}
