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
            assertThat(slow.hops().get(1).times()).allSatisfy(t -> assertThat(t).isLessThan(20.0));
            assertThat(slow.hops().get(2).times()).allSatisfy(t -> assertThat(t).isBetween(120.0, 140.0));
            assertThat(slow.hops().get(3).times()).allSatisfy(t -> assertThat(t).isBetween(120.0, 140.0));

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

    private static TracerouteOutput trace(Lab lab, String family, String target) {
        ExecResult result = lab.exec("client", "traceroute", family, "-n", "-q", "1", "-w", "1", "-m", "8", target)
                .orThrow();
        return TracerouteOutput.parse(result.stdout());
    }
}
