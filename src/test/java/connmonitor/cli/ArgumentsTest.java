package connmonitor.cli;

import connmonitor.metrics.MetricsOptions;
import connmonitor.metrics.RttHistogram;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: the endpoint's options (both spellings, once each, only with --metrics) and the vantage. */
class ArgumentsTest {

    private static Arguments parse(String... args) {
        return Arguments.parse(List.of(args));
    }

    @Test
    void withoutOptionsTheEndpointIsAsBefore() {
        assertThat(parse("--metrics", "9469", "hosts.conf")).isInstanceOfSatisfying(Arguments.Run.class,
                run -> assertThat(run.metricsOptions()).isEqualTo(MetricsOptions.DEFAULT));
    }

    @Test
    void histogramAndWebConfigInBothSpellings() {
        assertThat(parse("--metrics", "9469", "--metrics-rtt-histogram", "off", "--web.config.file=/etc/web.yml", "h.conf"))
                .isEqualTo(new Arguments.Run(Optional.of("h.conf"), parse("--metrics", "9469") instanceof Arguments.Run r
                        ? r.metricsAddress() : Optional.empty(),
                        new MetricsOptions(RttHistogram.OFF, Optional.of(Path.of("/etc/web.yml"))), Optional.empty(),
                        Optional.empty()));
        assertThat(parse("--metrics=9469", "--metrics-rtt-histogram=NATIVE", "--web.config.file", "w.yml"))
                .isInstanceOfSatisfying(Arguments.Run.class, run -> assertThat(run.metricsOptions())
                        .isEqualTo(new MetricsOptions(RttHistogram.NATIVE, Optional.of(Path.of("w.yml")))));
    }

    @Test
    void theWebConfigSecuresTheLiveViewAloneAndIsCheckedWithCheck() {
        assertThat(parse("--web", "8080", "--web.config.file", "w.yml")).isInstanceOfSatisfying(Arguments.Run.class,
                run -> assertThat(run.metricsOptions().webConfigFile()).contains(Path.of("w.yml")));
        assertThat(parse("--check", "h.conf", "--web.config.file", "w.yml"))
                .isEqualTo(new Arguments.Check("h.conf", Optional.of(Path.of("w.yml"))));
        assertThat(parse("--web.config.file=w.yml", "--check", "h.conf"))
                .isEqualTo(new Arguments.Check("h.conf", Optional.of(Path.of("w.yml"))));
        assertThat(parse("--check", "h.conf")).isEqualTo(new Arguments.Check("h.conf", Optional.empty()));
    }

    @Test
    void mistakesAreUsageErrorsThatSayWhy() {
        assertThat(parse("--metrics-rtt-histogram", "off")).isEqualTo(
                new Arguments.Usage("--metrics-rtt-histogram needs --metrics"));
        assertThat(parse("--web.config.file", "w.yml")).isEqualTo(
                new Arguments.Usage("--web.config.file secures --metrics and --web: it needs one of them"));
        assertThat(parse("--web", "8080", "--web.config.file=")).isEqualTo(new Arguments.Usage("--web.config.file needs a file"));
        assertThat(parse("--metrics", "9469", "--metrics-rtt-histogram", "sparse")).isEqualTo(new Arguments.Usage(
                "--metrics-rtt-histogram must be classic, native or off, not 'sparse'"));
        assertThat(parse("--metrics", "9469", "--web.config.file")).isEqualTo(
                new Arguments.Usage("--web.config.file needs a value"));
        assertThat(parse("--metrics", "9469", "--web.config.file=a", "--web.config.file=b")).isEqualTo(
                new Arguments.Usage("--web.config.file can be given only once"));
    }

    @Test
    void aVantageNamesThisMonitor() {
        assertThat(Arguments.parse(List.of("--vantage", "fra1-a", "hosts.conf")))
                .isEqualTo(new Arguments.Run(Optional.of("hosts.conf"), Optional.empty(), MetricsOptions.DEFAULT, Optional.of("fra1-a"), Optional.empty()));
        assertThat(Arguments.parse(List.of("hosts.conf", "--vantage=Zürich")))
                .isEqualTo(new Arguments.Run(Optional.of("hosts.conf"), Optional.empty(), MetricsOptions.DEFAULT, Optional.of("Zürich"), Optional.empty()));
        assertThat(Arguments.parse(List.of("hosts.conf")))
                .isEqualTo(new Arguments.Run(Optional.of("hosts.conf"), Optional.empty(), MetricsOptions.DEFAULT, Optional.empty(), Optional.empty()));
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
