package connmonitor.cli;

import connmonitor.support.Connmonitor;
import connmonitor.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGHUP reloads and SIGTERM/SIGINT stops of the real process. */
class SignalsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static String addr(String line) {
        return Json.parse(line).get("addr").asText();
    }

    @Test
    void hangupSwitchesToTheNewHostSet() throws Exception {
        Path config = dir.resolve("c.conf");
        Files.writeString(config, "127.0.0.11 ping=50 numpings=2 json=1\n");
        try (Connmonitor connmonitor = Connmonitor.start(config.toString())) {
            assertThat(addr(connmonitor.nextLine(WAIT))).isEqualTo("127.0.0.11");
            Files.writeString(config, "127.0.0.12 ping=50 numpings=2 json=1\n127.0.0.13 ping=50 numpings=2 json=1\n");
            connmonitor.signal("HUP");
            connmonitor.nextLineMatching(line -> addr(line).equals("127.0.0.12"), WAIT);
            connmonitor.nextLineMatching(line -> addr(line).equals("127.0.0.13"), WAIT);
            Thread.sleep(300); // a burst of the old host that was in flight at SIGHUP may still print
            connmonitor.skipPending();
            Thread.sleep(1000);
            List<String> after = connmonitor.stdoutLines();
            List<String> recent = after.subList(Math.max(0, after.size() - 10), after.size());
            assertThat(recent).isNotEmpty().allSatisfy(line -> assertThat(addr(line)).isIn("127.0.0.12", "127.0.0.13"));
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
        }
    }

    @Test
    void afterAReloadEveryHostsNextTracePrintsAgainAsIn4_1_3() throws Exception {
        Path config = dir.resolve("c.conf");
        Files.writeString(config, "127.0.0.21 ping=0 trace=100 json=1\n");
        try (Connmonitor connmonitor = Connmonitor.start(config.toString())) {
            connmonitor.nextLineMatching(line -> Json.parse(line).has("trace"), WAIT);
            Thread.sleep(1000); // about ten more traces of the same one-hop route: none of them prints
            assertThat(connmonitor.stdoutLines()).filteredOn(line -> Json.parse(line).has("trace")).hasSize(1);
            connmonitor.signal("HUP"); // the same config: the route did not change, yet it prints again
            connmonitor.nextLineMatching(line -> Json.parse(line).has("trace"), WAIT);
            Thread.sleep(1000);
            assertThat(connmonitor.stdoutLines()).filteredOn(line -> Json.parse(line).has("trace")).hasSize(2);
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
        }
    }

    @Test
    void aHostWithNothingToMeasureIsNamedInOneWarningAndTheOthersRun() throws Exception {
        Path config = dir.resolve("c.conf");
        Files.writeString(config, "\n127.0.0.22 ping=0\n127.0.0.23 ping=50 numpings=2 json=1\n");
        try (Connmonitor connmonitor = Connmonitor.start(config.toString())) {
            assertThat(addr(connmonitor.nextLine(WAIT))).isEqualTo("127.0.0.23");
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
            assertThat(connmonitor.stderrLines()).singleElement().asString().startsWith(
                    "WW: line 2: host '127.0.0.22' has nothing to measure (ping=0 and no trace or scan); it is left idle -\t ");
        }
    }

    @Test
    void hangupWithTheConfigDeletedExitsOne() throws Exception {
        Path config = dir.resolve("c.conf");
        Files.writeString(config, "127.0.0.1 ping=100 numpings=2 json=1\n");
        try (Connmonitor connmonitor = Connmonitor.start(config.toString())) {
            connmonitor.nextLine(WAIT);
            Files.delete(config);
            connmonitor.signal("HUP");
            assertThat(connmonitor.waitFor(WAIT)).isEqualTo(1);
            assertThat(connmonitor.stderrLines()).anySatisfy(line ->
                    assertThat(line).startsWith("EE: FileNotFoundError: couldn't read input '" + config + "'"));
        }
    }

    @Test
    void hangupWithAnInvalidConfigExitsOne() throws Exception {
        Path config = dir.resolve("c.conf");
        Files.writeString(config, "127.0.0.1 ping=100 numpings=2 json=1\n");
        try (Connmonitor connmonitor = Connmonitor.start(config.toString())) {
            connmonitor.nextLine(WAIT);
            Files.writeString(config, "127.0.0.1 ping=fast\n");
            connmonitor.signal("HUP");
            assertThat(connmonitor.waitFor(WAIT)).isEqualTo(1);
            assertThat(connmonitor.stderrLines()).anySatisfy(line ->
                    assertThat(line).startsWith("EE: ConfigError: line 1: option 'ping': value 'fast'"));
        }
    }

    @Test
    void hangupWithConfigFromStdinKeepsRunning() throws Exception {
        try (Connmonitor connmonitor = Connmonitor.start()) {
            connmonitor.writeStdin("127.0.0.1 ping=100 numpings=2 json=1\n", true);
            connmonitor.nextLine(WAIT);
            connmonitor.signal("HUP");
            connmonitor.awaitStderr(line -> line.startsWith("EE: IOError: no input file to re-read"), WAIT);
            connmonitor.skipPending();
            assertThat(addr(connmonitor.nextLine(WAIT))).isEqualTo("127.0.0.1");
            assertThat(connmonitor.alive()).isTrue();
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
        }
    }

    @Test
    void terminateAndInterruptEndWithWholeRecordsAndExitZero() throws Exception {
        for (String signal : new String[] {"TERM", "INT"}) {
            try (Connmonitor connmonitor = Connmonitor.start()) {
                connmonitor.writeStdin("127.0.0.1 ping=1 numpings=200\n127.0.0.2 ping=1 numpings=200\n", true);
                connmonitor.nextLine(WAIT);
                Thread.sleep(500);
                connmonitor.signal(signal);
                assertThat(connmonitor.waitFor(WAIT)).isZero();
                List<String> lines = connmonitor.stdoutLines();
                assertThat(lines.size() % 3).isZero();
                for (int i = 0; i < lines.size(); i += 3) {
                    assertThat(lines.get(i)).isIn("127.0.0.1", "127.0.0.2");
                    assertThat(lines.get(i + 2)).matches("(\\d+\\.\\d{3}\t){4}0\\.000");
                }
            }
        }
    }
}
