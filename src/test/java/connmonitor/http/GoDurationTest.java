package connmonitor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Go's duration syntax, as the exporter toolkit's web config holds rate_limit.interval. */
class GoDurationTest {

    private static Duration parse(String text) {
        return GoDuration.parse(text, "x");
    }

    @Test
    void everyUnitAndFormGoTakesReads() {
        assertThat(parse("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("2h45m")).isEqualTo(Duration.ofMinutes(165));
        assertThat(parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(parse(".5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("1.s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("10us")).isEqualTo(Duration.ofNanos(10_000));
        assertThat(parse("10µs")).isEqualTo(Duration.ofNanos(10_000)); // micro sign
        assertThat(parse("10μs")).isEqualTo(Duration.ofNanos(10_000)); // Greek mu
        assertThat(parse("7ns")).isEqualTo(Duration.ofNanos(7));
        assertThat(parse("+1h")).isEqualTo(Duration.ofHours(1));
        assertThat(parse("-1m")).isEqualTo(Duration.ofMinutes(-1));
        assertThat(parse("0")).isZero();
        assertThat(parse("1000000000")).as("a YAML integer is nanoseconds in Go").isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("2562047h47m16.854775807s")).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    @Test
    void anythingElseIsOneLineNamingTheKey() {
        for (String bad : new String[] {"", "s", "1", "1.5", "1 s", "1s 2m", "1s-2m", "1e3s", "--1s", "one second", "1S"}) {
            if (bad.matches("\\d+")) {
                continue; // bare integers are nanoseconds
            }
            assertThatThrownBy(() -> GoDuration.parse(bad, "rate_limit.interval")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rate_limit.interval '" + bad + "'");
        }
        assertThatThrownBy(() -> parse("3000000h")).hasMessage("x '3000000h' is longer than a duration can be (about 290 years)");
        assertThatThrownBy(() -> parse("5d")).hasMessage("x '5d': unknown unit 'd' (ns, us, ms, s, m, h)");
    }

    @Test
    void formatsInTheLargestUnitsThatKeepItExact() {
        assertThat(GoDuration.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(GoDuration.format(Duration.ofNanos(1500))).isEqualTo("1500ns");
        assertThat(GoDuration.format(Duration.ofNanos(15_000))).isEqualTo("15us");
        assertThat(GoDuration.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(GoDuration.format(Duration.ofMillis(2500))).isEqualTo("2.5s");
        assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoDuration.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(GoDuration.format(Duration.ofSeconds(3601))).isEqualTo("1h1s");
    }
}
