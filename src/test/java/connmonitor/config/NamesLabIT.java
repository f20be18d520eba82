package connmonitor.config;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.Connmonitor;
import connmonitor.support.Json;
import connmonitor.support.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names from the namespace's own hosts file ({@code ip netns exec} bind-mounts /etc/netns/NS/hosts over
 * /etc/hosts; no query leaves the machine): family=6, addresses=all, and a name moved mid-run by
 * rewriting the file in place, followed within one resolve period with its WW line, in records and
 * metrics; labels and the vantage in records and metrics of the same run.
 */
class NamesLabIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String addr(String line) {
        return Json.parse(line).get("addr").asText();
    }

    @Test
    void familyAllAddressesAndAMoveMidRun() throws Exception {
        try (Netns netns = Netns.create()) {
            netns.localResolverOnly();
            Path hosts = Path.of("/etc/netns", netns.name(), "hosts");
            Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.2 both.lab\n::1 both.lab\n127.0.0.3 move.lab\n");
            Path config = Files.createTempFile("names", ".conf");
            Files.writeString(config, """
                    both.lab ping=300 numpings=1 json=1 family=6
                    both.lab ping=300 numpings=1 json=1 addresses=all
                    move.lab ping=300 numpings=1 json=1 resolve=1000 label.site=lab label.Rack=r1
                    """);
            try (Connmonitor connmonitor = Connmonitor.start(netns.command(
                    Connmonitor.command("--vantage", "lab-1", "--metrics", "9469", config.toString())))) {
                Set<String> seen = new HashSet<>();
                for (int lines = 0; seen.size() < 3 && lines < 60; lines++) {
                    JsonNode record = Json.parse(connmonitor.nextLine(WAIT));
                    assertThat(record.get("vantage").asText()).isEqualTo("lab-1");
                    seen.add(record.get("name").asText() + " " + record.get("addr").asText());
                    if (record.get("name").asText().equals("move.lab")) {
                        assertThat(record.get("labels").toString()).isEqualTo("{\"site\":\"lab\",\"Rack\":\"r1\"}");
                    } else {
                        assertThat(record.has("labels")).isFalse();
                    }
                }
                assertThat(seen).containsExactlyInAnyOrder("both.lab ::1", "both.lab 127.0.0.2", "move.lab 127.0.0.3");
                // (the family=6 line and the addresses=all line both measure ::1, one record each)
                String before = netns.run("curl", "-s", "http://127.0.0.1:9469/metrics");
                assertThat(before).contains("connmonitor_ping_packets_sent_total{Rack=\"r1\",addr=\"127.0.0.3\","
                        + "host=\"move.lab\",site=\"lab\",vantage=\"lab-1\"}");

                Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.2 both.lab\n::1 both.lab\n127.0.0.4 move.lab\n");
                long changed = System.nanoTime();
                String warning = connmonitor.awaitStderr(line -> line.contains("move.lab"), WAIT);
                double after = (System.nanoTime() - changed) / 1e9;
                assertThat(warning).startsWith("WW: line 3: 'move.lab' moved: 127.0.0.3 -> 127.0.0.4 -\t ");
                // one resolve period (1 s), the lookup, and 2 s for a whole-machine stall (CI's VM stalls 0.5-2 s):
                // far below the 300 s default period, or a period read as seconds
                assertThat(after).isLessThan(4.5);
                connmonitor.nextLineMatching(line -> line.contains("move.lab") && addr(line).equals("127.0.0.4"), WAIT);
                connmonitor.skipPending(); // a burst that was in flight at the move may still print the old address
                for (int i = 0; i < 3; i++) {
                    assertThat(addr(connmonitor.nextLineMatching(line -> line.contains("move.lab"), WAIT)))
                            .isEqualTo("127.0.0.4");
                }
                String metrics = netns.run("curl", "-s", "http://127.0.0.1:9469/metrics");
                assertThat(metrics).contains("addr=\"127.0.0.4\",host=\"move.lab\"").doesNotContain("127.0.0.3");

                // a name that stops resolving keeps its last good address: said once, and again on recovery
                Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.2 both.lab\n::1 both.lab\n");
                assertThat(connmonitor.awaitStderr(line -> line.contains("cannot resolve 'move.lab'"), WAIT))
                        .startsWith("WW: line 3: cannot resolve 'move.lab' again (");
                connmonitor.skipPending();
                assertThat(addr(connmonitor.nextLineMatching(line -> line.contains("move.lab"), WAIT))).isEqualTo("127.0.0.4");
                Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.2 both.lab\n::1 both.lab\n127.0.0.4 move.lab\n");
                assertThat(connmonitor.awaitStderr(line -> line.contains("resolves again"), WAIT))
                        .startsWith("WW: line 3: 'move.lab' resolves again -\t ");
                connmonitor.signal("TERM");
                assertThat(connmonitor.waitFor(WAIT)).isZero();
                assertThat(connmonitor.stderrLines()).filteredOn(line -> line.contains("move.lab")).hasSize(3);
                assertThat(connmonitor.stderrLines()).allMatch(line -> line.startsWith("WW: ") || line.startsWith("EE: "));
            } finally {
                Files.deleteIfExists(config);
            }
        }
    }
}
