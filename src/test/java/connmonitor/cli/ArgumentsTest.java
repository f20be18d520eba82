package connmonitor.cli;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArgumentsTest {

    @Test
    void aVantageNamesThisMonitor() {
        assertThat(Arguments.parse(List.of("--vantage", "fra1-a", "hosts.conf")))
                .isEqualTo(new Arguments.Run(Optional.of("hosts.conf"), Optional.empty(), Optional.of("fra1-a"), Optional.empty()));
        assertThat(Arguments.parse(List.of("hosts.conf", "--vantage=Zürich")))
                .isEqualTo(new Arguments.Run(Optional.of("hosts.conf"), Optional.empty(), Optional.of("Zürich"), Optional.empty()));
        assertThat(Arguments.parse(List.of("hosts.conf")))
                .isEqualTo(new Arguments.Run(Optional.of("hosts.conf"), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void aVantageIsOneVisibleWord() {
        assertThat(Arguments.parse(List.of("--vantage"))).isEqualTo(
                new Arguments.Usage("--vantage needs a NAME for this monitor"));
        assertThat(Arguments.parse(List.of("--vantage", "a", "--vantage", "b"))).isEqualTo(
                new Arguments.Usage("--vantage can be given only once"));
        for (String bad : new String[] {"", "a b", "a\tb", "a\u0001", "x".repeat(129)}) {
            assertThat(Arguments.parse(List.of("--vantage=" + bad))).as(bad).isInstanceOf(Arguments.Usage.class);
        }
    }
}
