package connmonitor.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** {@code quantiles=1}: JSON ping records carry the burst's RTT quantiles after 4.1.3's keys; off, nothing changes. */
class QuantilesFormatTest {

    private static final long MICROS = 1_764_075_599_123_456L;
    private static final PingResult PING = PingResult.of(5, new double[] {3.543, 11.368, 4.0, 0.9095});
    private static final String FOUR_ONE_THREE = "{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"timestamp\":1764075599123.456000,"
            + "\"ping\":{\"min\":0.909500,\"avg\":4.955125,\"max\":11.368000,\"std\":4.486959,\"loss\":20.000000";

    private static Target target(boolean quantiles) {
        Options d = Options.DEFAULTS;
        return new Target("localhost", InetAddress.ofLiteral("127.0.0.1"), new Options(d.pingMillis(), d.numPings(),
                d.payload(), d.traceMillis(), d.hops(), d.scanMillis(), true, true, d.probes(), d.pathMillis(), quantiles), 1);
    }

    @Test
    void offTheRecordIsFourOneThreesByteForByte() {
        assertThat(RecordFormat.of(true).format(new Observation(target(false), PING, MICROS))).isEqualTo(FOUR_ONE_THREE + "}}\n");
    }

    @Test
    void onTheQuantilesComeLastInThePingObjectAsPercentF() throws Exception {
        String record = RecordFormat.of(true).format(new Observation(target(true), PING, MICROS));
        assertThat(record).startsWith(FOUR_ONE_THREE + ",\"quantiles\":[0.909500,").endsWith(",11.368000]}}\n");
        JsonNode q = new ObjectMapper().readTree(record).get("ping").get("quantiles");
        double[] expected = {0.9095, 1.69955, 2.884625, 3.7715, 5.842, 9.1576, 11.368}; // NumPy's linear quantiles
        assertThat(q).hasSize(7);
        for (int i = 0; i < 7; i++) {
            assertThat(q.get(i).asDouble()).isCloseTo(expected[i], within(1e-6));
        }
        String allLost = RecordFormat.of(true).format(new Observation(target(true), PingResult.of(3, new double[0]), MICROS));
        assertThat(allLost).doesNotContain("quantiles");
    }

    @Test
    void theOptionIsAFlagOfTheConfig() {
        var parsed = connmonitor.config.ConfigParser.parse("localhost json=1 quantiles=1\n127.0.0.1 QUANTILES=True\n127.0.0.2\n");
        assertThat(parsed.hosts()).extracting(h -> h.options().quantiles()).containsExactly(true, true, false);
    }
}
