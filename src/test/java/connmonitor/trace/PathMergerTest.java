package connmonitor.trace;

import connmonitor.probe.PathSetResult;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathMergerTest {

    private static List<InetAddress> path(String... hops) {
        return Arrays.stream(hops).map(hop -> hop.equals("*") ? null : InetAddress.ofLiteral(hop)).toList();
    }

    private static List<String> text(List<InetAddress> path) {
        return path.stream().map(PathSetResult::text).toList();
    }

    private static List<List<String>> distinct(List<List<InetAddress>> flows) {
        return new PathSetResult(PathMerger.distinct(flows), flows.size(), 0).paths().stream()
                .map(PathMergerTest::text).toList();
    }

    @Test
    void equalFlowsAreOnePathAndForksAreTwo() {
        assertThat(distinct(List.of(path("10.0.1.2", "10.0.3.2", "10.0.6.2"), path("10.0.1.2", "10.0.2.2", "10.0.6.2"),
                path("10.0.1.2", "10.0.2.2", "10.0.6.2")))).containsExactly(
                List.of("10.0.1.2", "10.0.2.2", "10.0.6.2"), List.of("10.0.1.2", "10.0.3.2", "10.0.6.2"));
    }

    @Test
    void aLostProbeFillsInFromTheFlowsThatMatch() {
        assertThat(distinct(List.of(path("10.0.1.2", "*", "10.0.6.2"), path("*", "10.0.2.2", "10.0.6.2"))))
                .containsExactly(List.of("10.0.1.2", "10.0.2.2", "10.0.6.2"));
    }

    @Test
    void aFlowSilentWhereTwoPathsDifferAddsNoPath() {
        assertThat(distinct(List.of(path("10.0.1.2", "10.0.2.2", "10.0.6.2"), path("10.0.1.2", "10.0.3.2", "10.0.6.2"),
                path("10.0.1.2", "*", "10.0.6.2")))).hasSize(2);
    }

    @Test
    void theHostMetOneHopLateAfterALostProbeIsTheSamePath() {
        assertThat(distinct(List.of(path("10.0.1.2", "10.0.2.2", "*", "10.0.6.2"), path("10.0.1.2", "*", "10.0.6.2"))))
                .containsExactly(List.of("10.0.1.2", "10.0.2.2", "10.0.6.2"));
    }

    @Test
    void aFlowUnansweredFromSomeHopOnAddsNoPath() {
        assertThat(distinct(List.of(path("10.0.1.2", "*", "*", "*", "*"), path("10.0.1.2", "10.0.2.2", "10.0.6.2"))))
                .containsExactly(List.of("10.0.1.2", "10.0.2.2", "10.0.6.2"));
        assertThat(distinct(List.of(path("10.0.1.2", "*", "*", "*", "*")))).containsExactly(
                List.of("10.0.1.2", "*", "*", "*", "*"));
    }

    @Test
    void aLongerPathIsAnotherPath() {
        assertThat(distinct(List.of(path("10.0.1.2", "10.0.6.2"), path("10.0.1.2", "10.0.2.2", "10.0.6.2"))))
                .hasSize(2);
        assertThat(distinct(List.of(path("10.0.1.2", "10.0.2.2", "10.0.6.2"),
                path("10.0.1.2", "10.0.2.2", "*", "10.0.9.2", "10.0.6.2")))).hasSize(2);
    }

    @Test
    void setsCompareWithStarsMatchingAnything() {
        PathSetResult two = new PathSetResult(List.of(path("10.0.1.2", "10.0.2.2", "10.0.6.2"),
                path("10.0.1.2", "10.0.3.2", "10.0.6.2")), 16, 96);
        PathSetResult twoWithAStar = new PathSetResult(List.of(path("10.0.1.2", "10.0.3.2", "10.0.6.2"),
                path("*", "10.0.2.2", "10.0.6.2")), 12, 72);
        PathSetResult one = new PathSetResult(List.of(path("10.0.1.2", "10.0.2.2", "10.0.6.2")), 6, 36);
        PathSetResult otherTwo = new PathSetResult(List.of(path("10.0.1.2", "10.0.2.2", "10.0.6.2"),
                path("10.0.1.2", "10.0.4.2", "10.0.6.2")), 16, 96);
        assertThat(two.samePathsAs(twoWithAStar)).isTrue();
        assertThat(twoWithAStar.samePathsAs(two)).isTrue();
        assertThat(two.samePathsAs(one)).isFalse();
        assertThat(two.samePathsAs(otherTwo)).isFalse();
        assertThat(two.samePathsAs(null)).isFalse();
    }
}
