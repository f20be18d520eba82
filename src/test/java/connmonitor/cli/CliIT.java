package connmonitor.cli;

import connmonitor.support.Connmonitor;
import connmonitor.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line of the packaged program: versions, help, config errors, exit codes, stdin. */
class CliIT {

    private static final Duration QUICK = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path config(String text) throws Exception {
        Path file = dir.resolve("connmonitor.conf");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void versionIsPrintedToStdoutWithExitZero() throws Exception {
        for (String flag : new String[] {"-v", "--version"}) {
            Connmonitor.Result result = Connmonitor.run("", QUICK, flag);
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).containsExactly("connmonitor Version 5.0.0");
        }
    }

    @Test
    void helpDescribesUsage() throws Exception {
        Connmonitor.Result result = Connmonitor.run("", QUICK, "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(String.join("\n", result.stdout())).contains("usage: connmonitor [input-file]", "--check");
    }

    @Test
    void unknownFlagIsAUsageError() throws Exception {
        Connmonitor.Result result = Connmonitor.run("", QUICK, "--frobnicate");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).singleElement().asString()
                .matches("EE: UsageError: unknown option '--frobnicate' .* -\t \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}");
    }

    @Test
    void everyConfigErrorIsReportedWithItsLineAndNothingStarts() throws Exception {
        Path file = config("""
                127.0.0.1 ping=100 PING=200

                127.0.0.1 frobs=3
                127.0.0.1 numpings=0 hops=256 json=maybe
                127.0.0.1 ping
                127.0.0.1 ping=-5 payload=70000
                """);
        Connmonitor.Result result = Connmonitor.run("", QUICK, file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).extracting(line -> line.replaceFirst(" -\t.*", "")).containsExactly(
                "EE: ConfigError: line 1: option 'ping' is given more than once",
                "EE: ConfigError: line 3: unknown option 'frobs'",
                "EE: ConfigError: line 4: option 'numpings': value '0' must be an integer from 1 to 65535",
                "EE: ConfigError: line 4: option 'hops': value '256' must be an integer from 1 to 255",
                "EE: ConfigError: line 4: option 'json': value 'maybe' must be True, False or an integer",
                "EE: ConfigError: line 5: malformed option 'ping': expected name=value",
                "EE: ConfigError: line 6: option 'ping': value '-5' must be a number of milliseconds >= 0",
                "EE: ConfigError: line 6: option 'payload': value '70000' must be an integer from 1 to 65507 (it must fit an IP packet)");
    }

    @Test
    void emptyConfigIsFatal() throws Exception {
        Connmonitor.Result result = Connmonitor.run("", QUICK, config("\n   \n\t\n").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderrText()).contains("EE: ConfigError: no hosts in");
    }

    @Test
    void missingConfigFileIsFatal() throws Exception {
        Connmonitor.Result result = Connmonitor.run("", QUICK, dir.resolve("absent.conf").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).singleElement().asString()
                .startsWith("EE: FileNotFoundError: couldn't read input '").contains("absent.conf': no such file");
    }

    @Test
    void checkValidatesWithoutMonitoring() throws Exception {
        Connmonitor.Result good = Connmonitor.run("", QUICK, "--check", config("localhost\n::1 JSON=true\n").toString());
        assertThat(good.exitCode()).isZero();
        assertThat(good.stdout()).singleElement().asString().endsWith(": OK, 2 hosts to monitor");

        Connmonitor.Result bad = Connmonitor.run("", QUICK, "--check", config("localhost hops=0\n").toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderrText()).contains("line 1: option 'hops'");
    }

    @Test
    void configFromStdinIsMonitored() throws Exception {
        try (Connmonitor connmonitor = Connmonitor.start()) {
            connmonitor.writeStdin("127.0.0.1 ping=100 numpings=3 json=1\n", true);
            String record = connmonitor.nextLine(QUICK);
            assertThat(Json.parse(record).get("addr").asText()).isEqualTo("127.0.0.1");
            assertThat(Json.parse(record).get("ping").get("loss").asDouble()).isZero();
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(QUICK)).isZero();
        }
    }

    @Test
    void optionsAndBooleanWordsIgnoreCase() throws Exception {
        try (Connmonitor connmonitor = Connmonitor.start()) {
            connmonitor.writeStdin("\t  127.0.0.1\tPing=100  NumPings=2 JSON=True TimeStamp=FALSE\n", true);
            String record = connmonitor.nextLine(QUICK);
            assertThat(record).startsWith("{\"addr\":\"127.0.0.1\", \"name\":\"127.0.0.1\", \"ping\":{");
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(QUICK)).isZero();
        }
    }
}
