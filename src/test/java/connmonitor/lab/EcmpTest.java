package connmonitor.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ECMP preset, witnessed by Debian's traceroute: UDP traces with fixed source ports (one flow
 * each) go through r2a or r2b, always the same one for the same port; with r2b isolated every flow
 * goes through r2a, both families; reconnected, both again. Needs root. Takes about 15 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("root")
class EcmpTest {

    /**
     * Sixteen flows: with two equal next hops, all sixteen hashing to the same one has probability
     * 2^-15 for a fair hash (the kernel's is a jhash of the 5-tuple, so the split is fixed per port).
     */
    private static final List<Integer> PORTS = IntStream.range(0, 16).map(i -> 40_000 + 37 * i).boxed().toList();

    private Lab lab;

    @BeforeAll
    void buildLab() {
        lab = Preset.ECMP.builder().build();
    }

    @AfterAll
    void closeLab() {
        lab.close();
    }

    @Test
    void flowsSpreadOverBothBranches_eachPortKeepsItsBranch_ipv4AndIpv6() {
        for (boolean v4 : List.of(true, false)) {
            Map<Integer, List<String>> first = routesByPort(v4);
            assertThat(secondHops(first)).as(v4 ? "IPv4" : "IPv6").containsExactlyInAnyOrder(r2(v4, "r2a"), r2(v4, "r2b"));
            first.values().forEach(route -> assertThat(route).hasSize(4).last().isEqualTo(server(v4)));
            // the same port takes the same path again (the whole route, r3's answering address too)
            assertThat(routesByPort(v4)).as("same ports again").isEqualTo(first);
        }
    }

    @Test
    void isolatingOneBranchSendsEveryFlowThroughTheOther_bothWays_andReconnectingSpreadsThemAgain() {
        try {
            lab.isolate("r2b");
            for (boolean v4 : List.of(true, false)) {
                Map<Integer, List<String>> cut = routesByPort(v4);
                assertThat(secondHops(cut)).as(v4 ? "IPv4, cut" : "IPv6, cut").containsExactly(r2(v4, "r2a"));
                // every trace reaches the server: replies from r3 and the server come back through r2a
                cut.values().forEach(route -> assertThat(route).doesNotContain("*").last().isEqualTo(server(v4)));
            }
            assertThat(lab.exec("r1", "ip", "route", "show", lab.topology().wire("r3", "server").subnet4()).stdout())
                    .as("the kernel keeps the next hop, marked dead").contains("dead");
        } finally {
            lab.reconnect("r2b");
        }
        for (boolean v4 : List.of(true, false)) {
            assertThat(secondHops(routesByPort(v4))).as(v4 ? "IPv4, back" : "IPv6, back")
                    .containsExactlyInAnyOrder(r2(v4, "r2a"), r2(v4, "r2b"));
        }
        // routes the kernel deleted with the links are back: r1 reaches r2b's far side directly
        String r2bFar = lab.ipv4("r3", "r2b").getHostAddress();
        assertThat(lab.exec("client", "ping", "-c", "2", "-i", "0.05", "-W", "5", r2bFar).exitCode()).isZero(); // -W: a stall's room
    }

    /** Every port's route: one {@code traceroute -U --sport} run each, one probe per hop. */
    private Map<Integer, List<String>> routesByPort(boolean v4) {
        Map<Integer, List<String>> routes = new LinkedHashMap<>();
        for (int port : PORTS) {
            // --sport sends one probe at a time, each waited for up to -w: 3 s, not 1, so that a reply this VM's
            // stalls hold (0.5-2 s at worst, in CI) is not a * in a route that must have none; it costs nothing
            // while replies come
            ExecResult result = lab.exec("client", "traceroute", v4 ? "-4" : "-6", "-n", "-U", "--sport=" + port,
                    "-q", "1", "-w", "3,0,0", "-m", "6", server(v4)).orThrow();
            routes.put(port, TracerouteOutput.parse(result.stdout()).route());
        }
        return routes;
    }

    private static Set<String> secondHops(Map<Integer, List<String>> routes) {
        Set<String> hops = new TreeSet<>();
        routes.values().forEach(route -> hops.add(route.get(1)));
        return hops;
    }

    private String r2(boolean v4, String router) {
        return (v4 ? lab.ipv4(router, "r1") : lab.ipv6(router, "r1")).getHostAddress();
    }

    private String server(boolean v4) {
        return (v4 ? lab.ipv4("server") : lab.ipv6("server")).getHostAddress();
    }
}
