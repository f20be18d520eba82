package connmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import connmonitor.metrics.MetricsAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code --web} and {@code --history} on the command line. */
class WebArgumentsTest {

    private static Arguments parse(String... args) {
        return Arguments.parse(List.of(args));
    }

    @Test
    void webTakesAPortOrAnAddressAndAPortAndHistoryALog() {
        Arguments.Run run = (Arguments.Run) parse("--web", "8080", "hosts.conf");
        assertThat(run.web().orElseThrow().address()).isEqualTo(new MetricsAddress("127.0.0.1", 8080));
        assertThat(run.web().orElseThrow().history()).isEmpty();
        assertThat(run.configFile()).hasValue("hosts.conf");
        Arguments.Run both = (Arguments.Run) parse("--web=[::1]:9000", "--history", "/var/log/connmonitor.log");
        assertThat(both.web().orElseThrow().address()).isEqualTo(new MetricsAddress("::1", 9000));
        assertThat(both.web().orElseThrow().history()).isEqualTo(Optional.of(Path.of("/var/log/connmonitor.log")));
        assertThat(((Arguments.Run) parse("hosts.conf")).web()).isEmpty();
    }

    @Test
    void mistakesAreOneLineUsageErrorsNamingWeb() {
        assertThat(parse("--web")).isEqualTo(new Arguments.Usage("--web needs ADDRESS:PORT (or PORT)"));
        assertThat(parse("--web", "1", "--web", "2")).isEqualTo(new Arguments.Usage("--web can be given only once"));
        assertThat(parse("--history", "log")).isEqualTo(new Arguments.Usage("--history seeds the live view: it needs --web"));
        assertThat(parse("--web", "8080", "--history=")).isEqualTo(new Arguments.Usage("--history needs a log file"));
        assertThat(parse("--metrics", "9100", "--web", "127.0.0.1:9100"))
                .isEqualTo(new Arguments.Usage("--web and --metrics are two servers: give them different ports"));
        Arguments bad = parse("--web", "host:99999");
        assertThat(bad).isInstanceOf(Arguments.Usage.class);
        assertThat(((Arguments.Usage) bad).problem()).startsWith("--web 'host:99999': the port must be a number");
    }
}
