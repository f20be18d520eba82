package connmonitor.cli;

import connmonitor.config.Options;
import connmonitor.config.Target;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineCountTest {

    private static List<Target> hosts(int n, Options options) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            targets.add(new Target("h" + i, InetAddress.ofLiteral("127.0." + (i / 250) + "." + (1 + i % 250)), options, i + 1));
        }
        return targets;
    }

    @Test
    void theRateCountsBurstsAndTraceHops() {
        Options pings = new Options(1000, 10, 41, 0, 30, 0, true, true, 1, 0, false);
        Options traces = new Options(0, 10, 41, 10_000, 30, 0, true, true, 2, 0, false);
        assertThat(EngineCount.echoesPerSecond(hosts(25_000, pings))).isEqualTo(250_000.0);
        assertThat(EngineCount.echoesPerSecond(hosts(1_000, traces))).isEqualTo(6_000.0);
        assertThat(EngineCount.echoesPerSecond(hosts(10, Options.DEFAULTS))).isEqualTo(200.0);
        Options paths = new Options(0, 10, 41, 0, 10, 0, true, true, 1, 0, false, 60_000);
        assertThat(EngineCount.echoesPerSecond(hosts(600, paths))).as("64 flows x 10 hops a minute each")
                .isCloseTo(6_400.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(EngineCount.AUTOMATIC.forTargets(hosts(10, Options.DEFAULTS))).isEqualTo(1);
        assertThat(EngineCount.AUTOMATIC.forTargets(hosts(25_000, pings)))
                .isEqualTo(Math.min(3, Runtime.getRuntime().availableProcessors()));
        assertThat(EngineCount.parse("2").forTargets(hosts(10, Options.DEFAULTS))).isEqualTo(2);
    }

    /** Slot tables are sized from it: one burst and one trace per host can be out at once. */
    @Test
    void thePeakInFlightIsEveryHostsBurstAndTrace() {
        Options pings = new Options(1000, 10, 41, 0, 30, 0, true, true, 1, 0, false);
        Options both = new Options(1000, 1, 41, 10_000, 30, 0, true, true, 2, 0, false);
        assertThat(EngineCount.peakInFlight(hosts(100, new Options(1000, 1, 41, 0, 30, 0, false, false, 1, 0, false))))
                .isEqualTo(100);
        assertThat(EngineCount.peakInFlight(hosts(10_000, pings))).isEqualTo(100_000);
        assertThat(EngineCount.peakInFlight(hosts(10, both))).isEqualTo(10 * (1 + 30 * 2));
    }

    @Test
    void theOptionTakesOneToSixteen() {
        assertThat(Arguments.parse(List.of("--engines", "2", "h.conf"))).isInstanceOfSatisfying(Arguments.Run.class,
                run -> assertThat(run.engines().forced()).hasValue(2));
        assertThat(Arguments.parse(List.of("--engines=1", "h.conf"))).isInstanceOfSatisfying(Arguments.Run.class,
                run -> assertThat(run.engines().forced()).hasValue(1));
        assertThat(Arguments.parse(List.of("h.conf"))).isInstanceOfSatisfying(Arguments.Run.class,
                run -> assertThat(run.engines()).isEqualTo(EngineCount.AUTOMATIC));
        for (String bad : new String[] {"0", "17", "two", ""}) {
            assertThat(Arguments.parse(List.of("--engines", bad, "h.conf"))).isEqualTo(
                    new Arguments.Usage("--engines '" + bad + "': a number of ICMP engines from 1 to 16"));
        }
        assertThat(Arguments.parse(List.of("--engines"))).isInstanceOf(Arguments.Usage.class);
        assertThat(Arguments.parse(List.of("--engines", "1", "--engines", "2"))).isEqualTo(
                new Arguments.Usage("--engines can be given only once"));
        assertThatThrownBy(() -> EngineCount.parse("-1")).hasMessageContaining("from 1 to 16");
        assertThat(Optional.of(EngineCount.parse(" 3 ").forced().getAsInt())).hasValue(3);
    }
}
