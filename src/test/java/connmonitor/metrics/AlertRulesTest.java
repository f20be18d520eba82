package connmonitor.metrics;

import connmonitor.support.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The example alert rules are valid for Debian's Prometheus, and fire as their unit tests say: the loss
 * alert for the lossy host from both vantage points and not for the clean one, falling behind, no false
 * reload or down alert (contrib/prometheus/connmonitor-alerts.test.yml, run by promtool); the fleet's
 * Prometheus configs are valid (FleetLabIT runs them).
 * Tagged server: it runs a program from Debian (promtool, package prometheus), as the server tests do.
 */
@Tag("server")
class AlertRulesTest {

    private static final Path DIR = Path.of("contrib/prometheus");

    @Test
    void promtoolChecksAndTestsTheRules() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool (Debian package prometheus) is missing");
        Commands.Outcome check = Commands.run(List.of("promtool", "check", "rules",
                DIR.resolve("connmonitor-alerts.yml").toString())).ok();
        assertThat(check.out()).contains("SUCCESS: 8 rules found");
        Commands.Outcome test = Commands.run(List.of("promtool", "test", "rules",
                DIR.resolve("connmonitor-alerts.test.yml").toString())).ok();
        assertThat(test.out()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void theFleetConfigsAreValid() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool (Debian package prometheus) is missing");
        assertThat(Commands.run(List.of("promtool", "check", "config", "--agent",
                DIR.resolve("agent.yml").toString())).ok().out()).contains("SUCCESS");
        for (String server : List.of("central.yml", "prometheus.yml")) {
            assertThat(Commands.run(List.of("promtool", "check", "config", DIR.resolve(server).toString())).ok().out())
                    .contains("SUCCESS: 8 rules found");
        }
    }
}
