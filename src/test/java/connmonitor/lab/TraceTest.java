package connmonitor.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routers, routes and ICMP errors of a lab, witnessed by Debian's traceroute: the paths the trace
 * tests of connmonitor will see. Needs root. Takes about 10 s.
 */
@Tag("root")
class TraceTest {

    @Test
    void aThreeRouterChainShowsThreeHopsAndTheDestination_slowHopsAndSilentRoutersToo() {
        try (Lab lab = Preset.CHAIN3.builder().build()) {
            List<String> v4 = List.of(lab.ipv4("r1", "client").getHostAddress(), lab.ipv4("r2", "r1").getHostAddress(),
                    lab.ipv4("r3", "r2").getHostAddress(), lab.ipv4("server").getHostAddress());
            List<String> v6 = List.of(lab.ipv6("r1", "client").getHostAddress(), lab.ipv6("r2", "r1").getHostAddress(),
                    lab.ipv6("r3", "r2").getHostAddress(), lab.ipv6("server").getHostAddress());
            assertThat(trace(lab, "-4", lab.ipv4("server").getHostAddress()).route()).isEqualTo(v4);
            assertThat(trace(lab, "-6", lab.ipv6("server").getHostAddress()).route()).isEqualTo(v6);

            lab.emulator("r2", "r3").set(Impairment.none().delay(Duration.ofMillis(60)));
            TracerouteOutput slow = trace(lab, "-4", lab.ipv4("server").getHostAddress());
            assertThat(slow.route()).isEqualTo(v4);
            // three probes a hop: none under the 120 ms the link holds them both ways, the best within 20 ms above;
            // any one of them may carry a stall of this VM (4 ms ticks, a reply 11.6 ms late on a 10 ms link in CI)
            assertThat(best(slow, 1)).isLessThan(20.0);
            for (int hop = 2; hop <= 3; hop++) {
                assertThat(slow.hops().get(hop).times()).hasSize(3).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(120.0));
                assertThat(best(slow, hop)).isBetween(120.0, 140.0);
            }

            lab.silenceTimeExceeded("r2");
            assertThat(trace(lab, "-4", lab.ipv4("server").getHostAddress()).route())
                    .containsExactly(v4.get(0), "*", v4.get(2), v4.get(3));
            assertThat(trace(lab, "-6", lab.ipv6("server").getHostAddress()).route())
                    .containsExactly(v6.get(0), "*", v6.get(2), v6.get(3));
        }
    }

    @Test
    void aRouteChangeAtRunTimeMovesTheTraceToTheOtherBranch() {
        try (Lab lab = Preset.DIAMOND.builder().build()) {
            String server4 = lab.ipv4("server").getHostAddress();
            String server6 = lab.ipv6("server").getHostAddress();
            assertThat(trace(lab, "-4", server4).route().get(1)).isEqualTo(lab.ipv4("r2a", "r1").getHostAddress());
            assertThat(trace(lab, "-6", server6).route().get(1)).isEqualTo(lab.ipv6("r2a", "r1").getHostAddress());

            lab.route("r1", "server", "r2b");

            TracerouteOutput v4 = trace(lab, "-4", server4);
            assertThat(v4.route()).containsExactly(lab.ipv4("r1", "client").getHostAddress(),
                    lab.ipv4("r2b", "r1").getHostAddress(), lab.ipv4("r3", "r2b").getHostAddress(), server4);
            assertThat(trace(lab, "-6", server6).route().get(1)).isEqualTo(lab.ipv6("r2b", "r1").getHostAddress());
            // replies still come back through r2a: only r1's way out changed
            assertThat(lab.exec("client", "ping", "-c", "3", "-i", "0.01", server4).exitCode()).isZero();
        }
    }

    /**
     * traceroute -n, three probes a hop, each waited for 2 s: by default traceroute waits for a probe only 10 times
     * the RTT of a later hop's answer (-w 1 was 1,3,10), 3 ms on a fast path, so an answer this VM's stalls held
     * 4 ms became a * in the route; ",0,0" turns that guess off.
     */
    private static TracerouteOutput trace(Lab lab, String family, String target) {
        ExecResult result = lab.exec("client", "traceroute", family, "-n", "-q", "3", "-w", "2,0,0", "-m", "8", target)
                .orThrow();
        return TracerouteOutput.parse(result.stdout());
    }

    private static double best(TracerouteOutput trace, int hop) {
        return trace.hops().get(hop).times().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
}
