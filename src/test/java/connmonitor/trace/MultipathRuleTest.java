package connmonitor.trace;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MultipathRuleTest {

    private static List<InetAddress> path(String... hops) {
        return Arrays.stream(hops).map(hop -> hop.equals("*") ? null : InetAddress.ofLiteral(hop)).toList();
    }

    private static List<List<InetAddress>> times(int flows, List<InetAddress> path) {
        return new ArrayList<>(IntStream.range(0, flows).mapToObj(i -> path).toList());
    }

    @Test
    void flowsNeededAreThePapersTableFor95PercentConfidence() {
        int[] published = {6, 11, 16, 21, 27, 33, 38, 44, 51, 57, 63, 70};
        for (int k = 1; k <= published.length; k++) {
            assertThat(MultipathRule.flowsNeeded(k)).as("n_%d", k).isEqualTo(published[k - 1]);
        }
        assertThatIllegalArgumentException().isThrownBy(() -> MultipathRule.flowsNeeded(0));
    }

    @Test
    void theMissChanceIsTheChanceThatSomeNextHopGetsNoFlow() {
        assertThat(MultipathRule.missChance(2, 6)).isEqualTo(2 / 64.0); // either of two hops got all six
        assertThat(MultipathRule.missChance(2, 5)).isGreaterThan(MultipathRule.FAILURE_BOUND);
    }

    @Test
    void noFlowsYetAsksForTheFirstRound() {
        assertThat(MultipathRule.moreFlows(List.of())).isEqualTo(6);
    }

    @Test
    void aSinglePathIsDoneAfterSixFlows() {
        List<InetAddress> single = path("10.0.1.2", "10.0.2.2", "10.0.6.2");
        assertThat(MultipathRule.moreFlows(times(5, single))).isEqualTo(1);
        assertThat(MultipathRule.moreFlows(times(6, single))).isZero();
    }

    @Test
    void aForkNeedsElevenFlowsThroughIt() {
        List<List<InetAddress>> flows = times(3, path("10.0.1.2", "10.0.2.2", "10.0.6.2"));
        flows.addAll(times(3, path("10.0.1.2", "10.0.3.2", "10.0.6.2")));
        // 10.0.1.2 showed two next hops in 6 flows: 5 more; each branch has 3 of its 6: 6 more flows each
        assertThat(MultipathRule.moreFlows(flows)).isEqualTo(6);
        flows.addAll(times(3, path("10.0.1.2", "10.0.2.2", "10.0.6.2")));
        flows.addAll(times(3, path("10.0.1.2", "10.0.3.2", "10.0.6.2")));
        assertThat(MultipathRule.moreFlows(flows)).isZero();
    }

    @Test
    void aBranchWithFewFlowsAsksForMoreInProportion() {
        List<List<InetAddress>> flows = times(10, path("10.0.1.2", "10.0.2.2", "10.0.6.2"));
        flows.add(path("10.0.1.2", "10.0.3.2", "10.0.6.2"));
        // 10.0.3.2 carries 1 of 11 flows and needs 6: 5 more through it, about 55 more in all
        assertThat(MultipathRule.moreFlows(flows)).isEqualTo(55);
    }

    @Test
    void silentHopsAreNotCountedAsFlowsThroughAHop() {
        List<List<InetAddress>> flows = times(6, path("10.0.1.2", "*", "10.0.6.2"));
        // the source has had its 6 flows to 10.0.1.2; 10.0.1.2's next hop never answered, so there is no rule
        assertThat(MultipathRule.moreFlows(flows)).isZero();
        flows.add(path("10.0.1.2", "10.0.2.2", "10.0.6.2"));
        assertThat(MultipathRule.moreFlows(flows)).isEqualTo(5 * 7);
    }

    @Test
    void aRunSendsTheLastRunsFlowsFirstThenFreshOnesAllDistinct() {
        int[] fresh = IntStream.range(0, MultipathProbe.MAX_FLOWS).map(i -> 61_000 + i).toArray();
        int[] flows = MultipathProbe.seeded(new int[] {65_000, 61_003}, fresh);
        assertThat(flows).hasSize(MultipathProbe.MAX_FLOWS).startsWith(65_000, 61_003, 61_000, 61_001, 61_002, 61_004);
        assertThat(Arrays.stream(flows).distinct().count()).isEqualTo(MultipathProbe.MAX_FLOWS);
    }
}
