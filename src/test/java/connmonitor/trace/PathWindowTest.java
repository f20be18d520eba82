package connmonitor.trace;

import connmonitor.probe.PathResult;
import connmonitor.probe.TraceResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Per-hop statistics as mtr computes them, over a sliding window of traces. */
class PathWindowTest {

    private static final InetAddress R1 = InetAddress.ofLiteral("10.0.1.1");
    private static final InetAddress R2 = InetAddress.ofLiteral("10.0.2.1");
    private static final InetAddress HOST = InetAddress.ofLiteral("10.0.9.9");

    /** One probe per hop: an RTT in ms, or null for a lost probe. */
    private static TraceResult trace(InetAddress[] routers, Double... rtts) {
        List<TraceResult.Step> steps = new ArrayList<>();
        for (int i = 0; i < rtts.length; i++) {
            steps.add(rtts[i] == null ? TraceResult.Step.NO_ANSWER : TraceResult.Step.answered(routers[i], rtts[i]));
        }
        return new TraceResult(steps, rtts[rtts.length - 1] != null);
    }

    private static final InetAddress[] PATH = {R1, R2, HOST};

    @Test
    void columnsAreMtrs() {
        PathWindow window = new PathWindow(100);
        window.add(trace(PATH, 1.0, 10.0, 20.0));
        window.add(trace(PATH, 3.0, null, 24.0));
        window.add(trace(PATH, 2.0, 14.0, 22.0));
        PathResult path = window.result();
        assertThat(path.rounds()).isEqualTo(3);
        assertThat(path.hops()).extracting(PathResult.Hop::hop).containsExactly(1, 2, 3);
        PathResult.Hop first = path.hops().get(0);
        assertThat(first.address()).isEqualTo(R1);
        assertThat(first.sent()).isEqualTo(3);
        assertThat(first.received()).isEqualTo(3);
        assertThat(first.loss()).isZero();
        assertThat(first.last()).isEqualTo(2.0);
        assertThat(first.avg()).isEqualTo(2.0);
        assertThat(first.best()).isEqualTo(1.0);
        assertThat(first.worst()).isEqualTo(3.0);
        assertThat(first.jitter()).isEqualTo(1.5); // |3-1| and |2-3|
        PathResult.Hop second = path.hops().get(1);
        assertThat(second.loss()).isCloseTo(100.0 / 3, within(1e-9));
        assertThat(second.avg()).isEqualTo(12.0);
        assertThat(second.jitter()).isEqualTo(4.0); // the lost probe is skipped, not a zero
    }

    @Test
    void onlyTheLastRoundsCount() {
        PathWindow window = new PathWindow(2);
        window.add(trace(PATH, 50.0, null, 70.0));
        window.add(trace(PATH, 1.0, 2.0, 3.0));
        window.add(trace(PATH, 1.0, 2.0, 3.0));
        PathResult path = window.result();
        assertThat(path.rounds()).isEqualTo(2);
        assertThat(path.hops()).allSatisfy(hop -> {
            assertThat(hop.sent()).isEqualTo(2);
            assertThat(hop.loss()).isZero();
            assertThat(hop.worst()).isLessThan(4);
        });
    }

    @Test
    void aHopThatNeverAnsweredHasNoRtts() {
        PathWindow window = new PathWindow(10);
        window.add(trace(PATH, 1.0, null, 3.0));
        PathResult.Hop silent = window.result().hops().get(1);
        assertThat(silent.address()).isNull();
        assertThat(silent.loss()).isEqualTo(100);
        assertThat(silent.avg()).isNaN();
        assertThat(silent.jitter()).isNaN();
    }

    @Test
    void aRouterSilentForTheWholeWindowKeepsItsAddressAtFullLoss() {
        PathWindow window = new PathWindow(2); // as mtr keeps it: 100 % loss at a named router says which went quiet
        window.add(trace(PATH, 1.0, 2.0, 3.0));
        window.add(trace(PATH, 1.0, null, 3.0));
        window.add(trace(PATH, 1.0, null, 3.0));
        window.add(trace(PATH, 1.0, null, 3.0));
        PathResult.Hop quiet = window.result().hops().get(1);
        assertThat(quiet.address()).isEqualTo(R2);
        assertThat(quiet.sent()).isEqualTo(2);
        assertThat(quiet.loss()).isEqualTo(100);
        assertThat(quiet.avg()).isNaN();
    }

    @Test
    void aShorterPathDropsTheHopsBeyondIt() {
        PathWindow window = new PathWindow(10);
        window.add(trace(new InetAddress[] {R1, R2, R2, HOST}, 1.0, 2.0, null, 4.0));
        window.add(trace(PATH, 1.0, 2.0, 3.0));
        assertThat(window.result().hops()).hasSize(3);
        assertThat(window.result().hops().get(2).address()).isEqualTo(HOST);
    }

    @Test
    void severalProbesPerHopAreAllCounted() {
        TraceResult one = trace(PATH, 1.0, 2.0, 3.0);
        TraceResult other = trace(PATH, 5.0, null, 3.5);
        TraceResult both = TraceRounds.combine(List.of(one, other));
        assertThat(both.steps()).extracting(TraceResult.Step::rttMillis).containsExactly(1.0, 2.0, 3.0);
        PathWindow window = new PathWindow(10);
        window.add(both);
        PathResult.Hop second = window.result().hops().get(1);
        assertThat(second.sent()).isEqualTo(2);
        assertThat(second.received()).isEqualTo(1);
    }

    @Test
    void roundsEndWhereTheShortestEndedSoALostProbeIsNoExtraHop() {
        TraceResult direct = trace(PATH, 1.0, 2.0, 3.0);
        TraceResult hostLateByALostProbe = trace(new InetAddress[] {R1, R2, null, HOST}, 1.1, 2.1, null, 3.2);
        TraceResult both = TraceRounds.combine(List.of(hostLateByALostProbe, direct));
        assertThat(both.steps()).hasSize(3);
        assertThat(both.reached()).isTrue();
        assertThat(both.steps().get(2).address()).isEqualTo(HOST);
        assertThat(both.probes().get(2)).extracting(TraceResult.Step::answered).containsExactly(false, true);
    }

    @Test
    void theHostAnsweringOneHopLateBecauseItsHopWasLostIsItsLossNotAHop() {
        PathWindow window = new PathWindow(10);
        window.add(trace(PATH, 1.0, 2.0, 3.0));
        window.add(trace(new InetAddress[] {R1, R2, null, HOST}, 1.0, 2.0, null, 3.5));
        window.add(trace(new InetAddress[] {R1, R2, null, null, HOST}, 1.0, 2.0, null, null, 3.6));
        PathResult path = window.result();
        assertThat(path.hops()).hasSize(3);
        PathResult.Hop host = path.hops().get(2);
        assertThat(host.address()).isEqualTo(HOST);
        assertThat(host.sent()).isEqualTo(3);
        assertThat(host.received()).isEqualTo(1);
        window.add(trace(PATH, 1.0, 2.0, 3.0));
        assertThat(window.result().hops()).hasSize(3);
        assertThat(window.result().hops().get(2).sent()).isEqualTo(4);
    }

    @Test
    void aRouterAnsweringWhereTheHostWasIsALongerPath() {
        InetAddress r3 = InetAddress.ofLiteral("10.0.3.1");
        PathWindow window = new PathWindow(10);
        window.add(trace(PATH, 1.0, 2.0, 3.0));
        window.add(trace(new InetAddress[] {R1, R2, r3, HOST}, 1.0, 2.0, 2.5, 3.5));
        assertThat(window.result().hops()).extracting(PathResult.Hop::address).containsExactly(R1, R2, r3, HOST);
        // and a lost probe where that router was, with the host after it, is a loss on the longer path
        window.add(trace(new InetAddress[] {R1, R2, null, HOST}, 1.0, 2.0, null, 3.4));
        assertThat(window.result().hops()).hasSize(4);
        assertThat(window.result().hops().get(3).received()).isEqualTo(2);
    }

    @Test
    void aPathThatGrowsAgainStartsItsNewHopsAfresh() {
        PathWindow window = new PathWindow(10);
        window.add(trace(new InetAddress[] {R1, R2, R2, HOST}, 1.0, 2.0, 2.5, 4.0));
        window.add(trace(PATH, 1.0, 2.0, 3.0));
        InetAddress r3 = InetAddress.ofLiteral("10.0.3.1");
        window.add(trace(new InetAddress[] {R1, R2, r3, HOST}, 1.0, 2.0, 2.6, 3.9));
        PathResult.Hop fourth = window.result().hops().get(3);
        assertThat(fourth.sent()).isEqualTo(1);
        assertThat(fourth.avg()).isEqualTo(3.9);
    }
}
