package connmonitor.schedule;

import connmonitor.support.Connmonitor;
import connmonitor.support.Loopback;
import connmonitor.support.Scraper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A config that asks for more than can be done is said once, with numbers, and again when it fits;
 * one that fits says nothing. The overload does not depend on how busy the machine is: the engine
 * paces sends at 250,000 packets/s, and 2,500 hosts x 50 echoes every 100 ms ask for twice that, so
 * bursts wait in the send backlog whatever the CPU (a slower machine only waits longer).
 * The 30,000-host case of the issue is bench/behind.sh.
 */
class FallingBehindIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private static String hosts(int count, String options) {
        return IntStream.range(0, count).mapToObj(i -> "127.21." + (i / 250) + "." + (1 + i % 250) + " " + options)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void anOverloadIsOneWarningWithHowFarAndHowManyAndRecoveryIsAnother() throws Exception {
        Path config = dir.resolve("connmonitor.conf");
        Files.writeString(config, hosts(2500, "ping=100 numpings=50 json=1"));
        String bind = Loopback.randomAddress();
        int port = Loopback.freePort(bind);
        try (Connmonitor monitor = Connmonitor.start("--metrics", bind + ":" + port, "--metrics-rtt-histogram=off",
                config.toString())) {
            String behind = monitor.awaitStderr(line -> line.startsWith("WW: falling behind"), WAIT);
            assertThat(behind).matches("WW: falling behind: measurements start up to [0-9]+\\.[0-9] s later than "
                    + "their periods ask, on [0-9]+ hosts \\(the ICMP engine's paced sends are backed up\\); fewer "
                    + "hosts or longer periods would fit -\\t.*");
            int hostsBehind = Integer.parseInt(behind.replaceAll(".* on ([0-9]+) hosts.*", "$1"));
            assertThat(hostsBehind).isBetween(100, 2500);
            assertThat(new Scraper(bind + ":" + port).text().value("connmonitor_late_starts_total")).isPositive();

            Files.writeString(config, hosts(10, "ping=1000 numpings=2 json=1"));
            monitor.signal("HUP");
            monitor.awaitStderr(line -> line.startsWith("WW: keeping up again: measurements start on time (they "
                    + "were up to "), WAIT);
            monitor.signal("TERM");
            assertThat(monitor.waitFor(WAIT)).isZero();
            assertThat(monitor.stderrLines()).hasSize(2).allMatch(line -> line.startsWith("WW: "));
        }
    }

    @Test
    void aLoadThatFitsSaysNothing() throws Exception {
        Path config = dir.resolve("connmonitor.conf");
        Files.writeString(config, hosts(500, "ping=1000 numpings=10 json=1"));
        try (Connmonitor monitor = Connmonitor.start(config.toString())) {
            Thread.sleep(15_000); // five times the three late seconds a warning needs
            monitor.signal("TERM");
            assertThat(monitor.waitFor(WAIT)).isZero();
            assertThat(monitor.stderrLines()).isEmpty();
            assertThat(monitor.stdoutLines().size()).as("records in 15 s").isGreaterThan(500 * 5);
        }
    }
}
