package connmonitor.cli;

import connmonitor.support.Connmonitor;
import connmonitor.support.Json;
import connmonitor.support.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without root: as user nobody with no capabilities, in a namespace of the test's own so that
 * net.ipv4.ping_group_range can be set for it alone.
 */
class PrivilegeIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static List<String> asNobody(Netns netns, Path config) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all"));
        command.addAll(Connmonitor.command(config.toString()));
        return netns.command(command);
    }

    private static Path readableConfig(String text) throws Exception {
        Path config = Files.createTempFile("connmonitor", ".conf",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.writeString(config, text);
        return config;
    }

    @Test
    void withPingSocketsAllowedItPingsBothFamiliesAndSaysTracesAreImpossible() throws Exception {
        Path config = readableConfig("127.0.0.1 ping=100 numpings=3 json=1\n::1 ping=100 numpings=3 json=1\n"
                + "127.0.0.1 ping=0 trace=500\n");
        try (Netns netns = Netns.create()) {
            netns.sysctl("net.ipv4.ping_group_range", "0 2147483647");
            try (Connmonitor connmonitor = Connmonitor.start(asNobody(netns, config))) {
                connmonitor.nextLineMatching(line -> Json.parse(line).get("addr").asText().equals("127.0.0.1")
                        && line.contains("\"loss\":0.0"), WAIT);
                connmonitor.nextLineMatching(line -> Json.parse(line).get("addr").asText().equals("::1")
                        && line.contains("\"loss\":0.0"), WAIT);
                connmonitor.awaitStderr(line -> line.startsWith("EE: PermissionError"), WAIT);
                connmonitor.signal("TERM");
                assertThat(connmonitor.waitFor(WAIT)).isZero();
                assertThat(connmonitor.stderrLines()).hasSize(2);
                assertThat(connmonitor.stderrLines().get(0)).startsWith("WW: raw ICMP sockets are not permitted");
                assertThat(connmonitor.stderrLines().get(1))
                        .startsWith("EE: PermissionError: line 3: cannot trace 127.0.0.1: traces need a raw ICMP socket");
            }
        } finally {
            Files.delete(config);
        }
    }

    @Test
    void withNeitherRawNorPingSocketsItFailsWithOneClearLine() throws Exception {
        Path config = readableConfig("127.0.0.1 ping=100\n");
        try (Netns netns = Netns.create()) {
            netns.sysctl("net.ipv4.ping_group_range", "1 0");
            try (Connmonitor connmonitor = Connmonitor.start(asNobody(netns, config))) {
                assertThat(connmonitor.waitFor(WAIT)).isEqualTo(1);
                assertThat(connmonitor.stdoutLines()).isEmpty();
                assertThat(connmonitor.stderrLines()).singleElement().asString().startsWith(
                        "EE: PermissionError: no ICMP socket could be opened: IPv4 ICMP: raw socket refused "
                                + "(Operation not permitted; needs root or CAP_NET_RAW), ping socket refused "
                                + "(Permission denied; see net.ipv4.ping_group_range) -\t");
            }
        } finally {
            Files.delete(config);
        }
    }
}
