package connmonitor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.Connmonitor;
import connmonitor.support.Json;
import connmonitor.support.Netns;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end checks that need a namespace of their own: a resolver that knows no names, nftables
 * counters on what goes on the wire, and a host that never answers.
 */
class NamespaceIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void hostsThatDoNotResolveAreSkippedWithAnErrorAndTheRestRuns() throws Exception {
        try (Netns netns = Netns.create()) {
            netns.localResolverOnly(); // lookups ask 127.0.0.1, where nothing answers: no query leaves the machine
            try (Connmonitor connmonitor = Connmonitor.start(netns.command(Connmonitor.command()))) {
                connmonitor.writeStdin("no-such-host.invalid ping=100\nlocalhost ping=100 numpings=2 json=1\n", true);
                JsonNode record = Json.parse(connmonitor.nextLine(WAIT));
                assertThat(record.get("name").asText()).isEqualTo("localhost");
                assertThat(connmonitor.stderrLines()).singleElement().asString()
                        .startsWith("EE: UnknownHostError: line 1: unable to resolve host 'no-such-host.invalid' -\t");
                connmonitor.signal("TERM");
                assertThat(connmonitor.waitFor(WAIT)).isZero();
            }
            try (Connmonitor connmonitor = Connmonitor.start(netns.command(Connmonitor.command()))) {
                connmonitor.writeStdin("no-such-host.invalid\nnor-this.invalid\n", true);
                assertThat(connmonitor.waitFor(WAIT)).isEqualTo(1);
                assertThat(connmonitor.stderrLines()).extracting(line -> line.replaceFirst(" -\t.*", "")).containsExactly(
                        "EE: UnknownHostError: line 1: unable to resolve host 'no-such-host.invalid'",
                        "EE: UnknownHostError: line 2: unable to resolve host 'nor-this.invalid'",
                        "EE: ConfigError: no host could be resolved");
            }
        }
    }

    @Test
    void echoRequestsCarryExactlyThePayloadAsked() throws Exception {
        try (Netns netns = Netns.create()) {
            netns.run("sh", "-c", """
                    nft add table inet count && \
                    nft add chain inet count out '{ type filter hook output priority 0; }' && \
                    nft add rule inet count out ip daddr 127.0.0.7 icmp type echo-request counter && \
                    nft add rule inet count out ip6 daddr ::1 icmpv6 type echo-request counter""");
            try (Connmonitor connmonitor = Connmonitor.start(netns.command(Connmonitor.command()))) {
                connmonitor.writeStdin("127.0.0.7 ping=50 numpings=4 payload=1000 json=1\n"
                        + "::1 ping=50 numpings=4 payload=333 json=1\n", true);
                for (int i = 0; i < 6; i++) {
                    assertThat(connmonitor.nextLine(WAIT)).contains("\"loss\":0.0");
                }
                connmonitor.signal("TERM");
                assertThat(connmonitor.waitFor(WAIT)).isZero();
            }
            String counters = netns.run("nft", "list", "table", "inet", "count");
            Matcher counts = Pattern.compile("counter packets (\\d+) bytes (\\d+)").matcher(counters);
            assertThat(counts.find()).isTrue();
            assertThat(Long.parseLong(counts.group(2))).isEqualTo(Long.parseLong(counts.group(1)) * (20 + 8 + 1000));
            assertThat(counts.find()).isTrue();
            assertThat(Long.parseLong(counts.group(2))).isEqualTo(Long.parseLong(counts.group(1)) * (40 + 8 + 333));
        }
    }

    @Test
    void stopWaitsForTheBurstInFlightAndPrintsIt() throws Exception {
        try (Netns netns = Netns.create()) {
            // 127.0.0.9 never answers: the kernel's echo replies from it are dropped on their way out
            netns.run("sh", "-c", """
                    nft add table ip mute && \
                    nft add chain ip mute out '{ type filter hook output priority 0; }' && \
                    nft add rule ip mute out ip saddr 127.0.0.9 icmp type echo-reply drop""");
            try (Connmonitor connmonitor = Connmonitor.start(netns.command(Connmonitor.command()))) {
                connmonitor.writeStdin("127.0.0.9 ping=100 numpings=3 json=1\n127.0.0.1 ping=100 numpings=1 json=1\n", true);
                connmonitor.nextLineMatching(line -> line.contains("\"127.0.0.1\""), WAIT); // both bursts are under way
                long stop = System.nanoTime();
                connmonitor.signal("TERM");
                assertThat(connmonitor.waitFor(WAIT)).isZero();
                double waited = (System.nanoTime() - stop) / 1e9;
                assertThat(waited).isBetween(0.5, 5.0); // the silent burst needed its 2 s reply timeout
                assertThat(connmonitor.stdoutLines()).filteredOn(line -> line.contains("\"127.0.0.9\"")).singleElement()
                        .satisfies(line -> assertThat(Json.parse(line).get("ping").get("loss").asDouble()).isEqualTo(100.0))
                        .satisfies(line -> assertThat(Json.parse(line).get("ping").get("min").asDouble()).isEqualTo(-1.0));
            }
        }
    }
}
