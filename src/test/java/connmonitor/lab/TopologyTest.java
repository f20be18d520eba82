package connmonitor.lab;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Addressing and shortest-path routing of a lab on paper (no root needed). */
class TopologyTest {

    private static Topology chain() {
        return Topology.of(
                List.of(new Topology.Node("client", false), new Topology.Node("r1", true),
                        new Topology.Node("r2", true), new Topology.Node("server", false)),
                List.of(new Topology.Wire(1, "client", "r1", Link.direct()),
                        new Topology.Wire(2, "r1", "r2", Link.direct()),
                        new Topology.Wire(3, "r2", "server", Link.emulated())));
    }

    private static Topology diamond() {
        return Topology.of(
                List.of(new Topology.Node("client", false), new Topology.Node("r1", true),
                        new Topology.Node("r2a", true), new Topology.Node("r2b", true),
                        new Topology.Node("r3", true), new Topology.Node("server", false)),
                List.of(new Topology.Wire(1, "client", "r1", Link.direct()),
                        new Topology.Wire(2, "r1", "r2a", Link.direct()),
                        new Topology.Wire(3, "r1", "r2b", Link.direct()),
                        new Topology.Wire(4, "r2a", "r3", Link.direct()),
                        new Topology.Wire(5, "r2b", "r3", Link.direct()),
                        new Topology.Wire(6, "r3", "server", Link.direct())));
    }

    @Test
    void wireNGetsTenZeroNAndFd00ZeroZeroN_firstEndOneSecondEndTwo() {
        Topology t = chain();
        assertThat(t.ipv4("r1", "r2").getHostAddress()).isEqualTo("10.0.2.1");
        assertThat(t.ipv4("r2", "r1").getHostAddress()).isEqualTo("10.0.2.2");
        assertThat(t.ipv6("server", "r2").getHostAddress()).isEqualTo("fd00:0:0:3:0:0:0:2");
        assertThat(t.wire("server", "r2").subnet6()).isEqualTo("fd00:0:0:3::/64");
    }

    @Test
    void everyNodeRoutesToEveryWireItIsNotOn_throughTheNeighbourOnTheShortestPath() {
        Topology t = chain();
        assertThat(t.routesOf("client")).extracting(r -> r.to().number() + " via " + r.via())
                .containsExactly("2 via r1", "3 via r1");
        assertThat(t.routesOf("r1")).extracting(r -> r.to().number() + " via " + r.via())
                .containsExactly("3 via r2");
        assertThat(t.routesOf("server")).extracting(r -> r.to().number() + " via " + r.via())
                .containsExactly("1 via r2", "2 via r2");
    }

    @Test
    void equalPathsGoThroughTheLinkDeclaredFirst_inBothDirections() {
        Topology t = diamond();
        assertThat(t.routesOf("r1")).filteredOn(r -> r.to().number() == 6)
                .extracting(Topology.Route::via).containsExactly("r2a");
        assertThat(t.routesOf("r3")).filteredOn(r -> r.to().number() == 1)
                .extracting(Topology.Route::via).containsExactly("r2a");
        // the far side of the other branch is reached directly, not around the diamond
        assertThat(t.routesOf("r1")).filteredOn(r -> r.to().number() == 5)
                .extracting(Topology.Route::via).containsExactly("r2b");
    }

    @Test
    void equalCostRoutesKeepEveryTie_soTheDiamondSpreadsBothWays() {
        Topology t = diamond();
        assertThat(t.equalCostRoutesOf("r1").get(t.wire("r3", "server"))).extracting(Topology.Route::via)
                .containsExactly("r2a", "r2b");
        assertThat(t.equalCostRoutesOf("r3").get(t.wire("client", "r1"))).extracting(Topology.Route::via)
                .containsExactly("r2a", "r2b");
        assertThat(t.equalCostRoutesOf("r1").get(t.wire("r2b", "r3"))).extracting(Topology.Route::via)
                .containsExactly("r2b");
        assertThat(t.equalCostRoutesOf("client").values()).allSatisfy(ties ->
                assertThat(ties).extracting(Topology.Route::via).containsExactly("r1"));
        assertThat(t.equalCostRoutesOf("r1").keySet()).extracting(Topology.Wire::number).containsExactly(4, 5, 6);
    }

    @Test
    void badDescriptionsAreRefusedWithAClearMessage() {
        Topology.Node a = new Topology.Node("a", false);
        Topology.Node b = new Topology.Node("b", false);
        assertThatThrownBy(() -> Topology.of(List.of(new Topology.Node("Client", false)), List.of()))
                .hasMessageContaining("node name");
        assertThatThrownBy(() -> Topology.of(List.of(new Topology.Node("averyveryverylongname", false)), List.of()))
                .hasMessageContaining("node name");
        assertThatThrownBy(() -> Topology.of(List.of(a, a), List.of())).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> Topology.of(List.of(a, b), List.of(new Topology.Wire(1, "a", "c", Link.direct()))))
                .hasMessageContaining("no node c");
        assertThatThrownBy(() -> Topology.of(List.of(a, b), List.of(new Topology.Wire(1, "a", "b", Link.direct()),
                new Topology.Wire(2, "b", "a", Link.direct())))).hasMessageContaining("linked twice");
        assertThatThrownBy(() -> Topology.of(List.of(a, b), List.of())).hasMessageContaining("has no link");
        assertThatThrownBy(() -> chain().wire("client", "server")).hasMessageContaining("no link between");
        assertThatThrownBy(() -> chain().node("nobody")).hasMessageContaining("no node nobody");
    }
}
