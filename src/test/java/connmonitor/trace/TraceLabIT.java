package connmonitor.trace;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.lab.Impairment;
import connmonitor.lab.Lab;
import connmonitor.lab.Link;
import connmonitor.lab.Preset;
import connmonitor.lab.TracerouteOutput;
import connmonitor.support.Connmonitor;
import connmonitor.support.Json;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Traces through client - r1 - r2 - r3 - server, where r1-r2 adds 30 ms and r2-r3 35 ms each way (hop 3
 * is 130 ms away) and r2 sends no time-exceeded: the daemon runs in the client namespace.
 */
class TraceLabIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Lab chain;

    @BeforeAll
    static void build() {
        chain = Lab.builder().host("client").router("r1").router("r2").router("r3").host("server")
                .link("client", "r1")
                .link("r1", "r2", Link.emulated(Impairment.none().delay(Duration.ofMillis(30))))
                .link("r2", "r3", Link.emulated(Impairment.none().delay(Duration.ofMillis(35))))
                .link("r3", "server")
                .build();
        chain.silenceTimeExceeded("r2");
    }

    @AfterAll
    static void tearDown() {
        chain.close();
    }

    /** Steps of a JSON trace record: an address, or null for "*", with the RTTs alongside. */
    private record Steps(List<InetAddress> addresses, List<Double> rtts) {
        static Steps of(JsonNode record) {
            List<InetAddress> addresses = new ArrayList<>();
            List<Double> rtts = new ArrayList<>();
            for (JsonNode step : record.get("trace")) {
                boolean star = step.get(0).asText().equals("*");
                assertThat(step.size()).isEqualTo(star ? 1 : 2);
                addresses.add(star ? null : InetAddress.ofLiteral(step.get(0).asText()));
                rtts.add(star ? null : step.get(1).asDouble());
            }
            return new Steps(addresses, rtts);
        }
    }

    private static List<InetAddress> traceroute(boolean ipv6) {
        String server = (ipv6 ? chain.ipv6("server") : chain.ipv4("server")).getHostAddress();
        // -w 3,0,0: wait the whole 3 s for every probe; by default (3,3,10) a probe is given up 10 x a later hop's
        // RTT after it left, so an answer a stall of this VM held (4 ms ticks; 0.5-2 s at worst, in CI) became a *
        String out = chain.exec("client", "traceroute", ipv6 ? "-6" : "-4", "-n", "-q", "1", "-w", "3,0,0", server)
                .orThrow().stdout();
        return TracerouteOutput.parse(out).route().stream()
                .map(hop -> hop.equals("*") ? null : InetAddress.ofLiteral(hop)).toList();
    }

    @Test
    void routeRttsAndSilentHopMatchTheLabAndTraceroute() throws Exception {
        String v4 = chain.ipv4("server").getHostAddress();
        String v6 = chain.ipv6("server").getHostAddress();
        try (Connmonitor connmonitor = Connmonitor.startInNamespace(chain.namespace("client"))) {
            // path= adds each host's per-hop statistics of the traces after the first (an unchanged route is not
            // printed again): their best RTTs are what a stall of the machine cannot move
            String options = " ping=0 trace=500 hops=10 path=2500 json=1\n";
            connmonitor.writeStdin(v4 + options + v6 + options, true);
            Map<String, JsonNode> traces = new HashMap<>();
            Map<String, JsonNode> paths = new HashMap<>();
            while (traces.size() < 2 || paths.size() < 2) {
                JsonNode record = Json.parse(connmonitor.nextLine(WAIT));
                (record.has("path") ? paths : traces).putIfAbsent(record.get("addr").asText(), record);
            }
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
            for (JsonNode record : traces.values()) {
                boolean ipv6 = record.get("addr").asText().contains(":");
                Steps steps = Steps.of(record);
                List<InetAddress> expected = new ArrayList<>();
                expected.add(ipv6 ? chain.ipv6("r1", "client") : chain.ipv4("r1", "client"));
                expected.add(null);
                expected.add(ipv6 ? chain.ipv6("r3", "r2") : chain.ipv4("r3", "r2"));
                expected.add(ipv6 ? chain.ipv6("server") : chain.ipv4("server"));
                assertThat(steps.addresses()).as(record.toString()).isEqualTo(expected);
                assertThat(steps.addresses()).as("same route as traceroute -n").isEqualTo(traceroute(ipv6));
                // one trace's RTTs: never under the path's delay; the upper side of a single probe carries CI's
                // stalls (4 ms ticks, a reply 11.6 ms late on a 10 ms link, 2026-11-30), so the path's best bounds it
                assertThat(steps.rtts().get(2)).isBetween(130.0, 1_000.0);
                assertThat(steps.rtts().get(3)).isBetween(130.0, 1_000.0);
                JsonNode path = paths.get(record.get("addr").asText()).get("path");
                assertThat(path.get(0).get("best").asDouble()).as("hop 1 best").isBetween(0.0, 5.0);
                assertThat(path.get(2).get("best").asDouble()).as("hop 3 best").isCloseTo(130.0, within(4.0)); // well past the original's 50 ms
                assertThat(path.get(3).get("best").asDouble()).as("hop 4 best").isCloseTo(130.0, within(4.0));
                assertThat(record.get("addr").asText()).isEqualTo(ipv6 ? compressed(v6) : v4);
            }
        }
    }

    private static String compressed(String ipv6) {
        return connmonitor.config.Addresses.format(InetAddress.ofLiteral(ipv6));
    }

    @Test
    void hopsLimitEndsTheTraceEarly() throws Exception {
        try (Connmonitor connmonitor = Connmonitor.startInNamespace(chain.namespace("client"))) {
            connmonitor.writeStdin(chain.ipv4("server").getHostAddress() + " ping=0 trace=500 hops=2 timestamp=0\n", true);
            assertThat(connmonitor.nextLine(WAIT)).isEqualTo(chain.ipv4("server").getHostAddress());
            assertThat(connmonitor.nextLine(WAIT)).matches(chain.ipv4("r1", "client").getHostAddress() + "\t\\d+\\.\\d{3}");
            assertThat(connmonitor.nextLine(WAIT)).isEqualTo("*");
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
            assertThat(connmonitor.stdoutLines()).hasSize(3);
        }
    }

    @Test
    void anUnchangedRouteIsPrintedOnceAndAChangedOneAgain() throws Exception {
        try (Lab diamond = Preset.DIAMOND.builder().build()) {
            String server = diamond.ipv4("server").getHostAddress();
            try (Connmonitor connmonitor = Connmonitor.startInNamespace(diamond.namespace("client"))) {
                connmonitor.writeStdin(server + " ping=0 trace=100 hops=8 json=1\n", true);
                Steps before = Steps.of(Json.parse(connmonitor.nextLine(WAIT)));
                assertThat(before.addresses().get(1)).isEqualTo(diamond.ipv4("r2a", "r1"));
                Thread.sleep(2_000); // about twenty more traces of the same route
                assertThat(connmonitor.stdoutLines()).hasSize(1);
                diamond.route("r1", "server", "r2b");
                Steps after = Steps.of(Json.parse(connmonitor.nextLine(WAIT)));
                assertThat(after.addresses()).containsExactly(diamond.ipv4("r1", "client"), diamond.ipv4("r2b", "r1"),
                        diamond.ipv4("r3", "r2b"), diamond.ipv4("server"));
                Thread.sleep(2_000);
                assertThat(connmonitor.stdoutLines()).hasSize(2);
                connmonitor.signal("TERM");
                assertThat(connmonitor.waitFor(WAIT)).isZero();
            }
        }
    }
}
