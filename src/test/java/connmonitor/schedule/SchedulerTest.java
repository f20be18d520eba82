package connmonitor.schedule;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.output.Log;
import connmonitor.output.ProblemLog;
import connmonitor.probe.Kind;
import connmonitor.probe.Measurement;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.probe.Probe;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every host's loops on one manual timer: spread of first runs, no overlap, stop and drain, reloads. */
class SchedulerTest {

    private static final PingResult PING = PingResult.of(1, new double[] {0.7});

    private final ManualTimer timer = new ManualTimer();
    private final ScriptedProbe pings = new ScriptedProbe(timer);
    private final ScriptedProbe traces = new ScriptedProbe(timer);
    private final List<Observation> handedOn = new ArrayList<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ProblemLog problems = new ProblemLog(
            new Log(stderr, Clock.fixed(ManualTimer.EPOCH, ZoneId.systemDefault()), false));

    private Scheduler scheduler(Map<Kind, Probe<? extends Measurement>> probes) {
        return new Scheduler(timer, probes, handedOn::add, problems, timer.clock(), new SplittableRandom(14));
    }

    private Scheduler scheduler() {
        Map<Kind, Probe<? extends Measurement>> probes = new EnumMap<>(Kind.class);
        probes.put(Kind.PING, pings);
        probes.put(Kind.TRACE, traces);
        return scheduler(probes);
    }

    private static Target host(int n, double pingMillis, double traceMillis) {
        InetAddress address = InetAddress.ofLiteral("10.1." + (n / 250) + "." + (1 + n % 250));
        return new Target("host" + n, address, new Options(pingMillis, 10, 41, traceMillis, 30, 0, false, true), n + 1);
    }

    private static List<Target> hosts(int count, double pingMillis, double traceMillis) {
        return IntStream.range(0, count).mapToObj(n -> host(n, pingMillis, traceMillis)).toList();
    }

    @Test
    void firstRunsAreSpreadOverASecondPlusAMillisecondPerHost() {
        scheduler().replace(hosts(1_000, 60_000, 0));
        timer.advance(Duration.ofMillis(2_000));

        assertThat(pings.calls).hasSize(1_000);
        assertThat(pings.calls.stream().map(ScriptedProbe.Call::target).distinct()).hasSize(1_000);
        int[] perTenth = new int[10];
        pings.calls.forEach(call -> perTenth[(int) (call.nanos() / 200_000_000L)]++);
        // uniform over 2 s would be 100 in each 200 ms: none is empty, none holds a crowd
        assertThat(IntStream.of(perTenth).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(60, 140));
    }

    @Test
    void aPeriodShorterThanTheSpreadBoundsTheFirstRun() {
        scheduler().replace(hosts(100, 200, 0));
        timer.advance(Duration.ofMillis(199));
        assertThat(pings.calls).hasSize(100); // each still running: none has run twice
        assertThat(pings.calls).allSatisfy(call -> assertThat(call.nanos()).isLessThan(200_000_000L));
    }

    @Test
    void onlyKindsWithAPeriodAndAProbeRun() {
        Map<Kind, Probe<? extends Measurement>> probes = new EnumMap<>(Kind.class);
        probes.put(Kind.TRACE, traces); // no ping probe at all, and no host scans
        scheduler(probes).replace(hosts(3, 500, 1_000));
        timer.advance(Duration.ofMinutes(1));
        assertThat(traces.calls).hasSize(3);
        assertThat(pings.calls).isEmpty();
    }

    @Test
    void aHostsRunsOfOneKindNeverOverlapWhileItsOtherKindsGoOn() {
        Target slow = host(0, 500, 1_000);
        pings.thenAnswer(1_000, PING);
        scheduler().replace(List.of(slow));
        timer.advance(Duration.ofMinutes(1)); // the trace never finishes; pings go on meanwhile

        assertThat(traces.calls).hasSize(1);
        assertThat(pings.calls).hasSizeGreaterThan(100);
        assertThat(handedOn).hasSameSizeAs(pings.calls);
    }

    @Test
    void stopAndDrainCompletesOnceEveryRunningMeasurementIsHandedOnAndNothingRunsAfter() {
        Scheduler scheduler = scheduler();
        scheduler.replace(hosts(3, 500, 0));
        timer.advance(Duration.ofSeconds(2));
        List<ScriptedProbe.Call> running = List.copyOf(pings.calls);

        CompletableFuture<Void> drained = scheduler.stopAndDrain();
        running.get(0).result().complete(PING);
        running.get(1).result().complete(PING);
        assertThat(drained).isNotDone();
        running.get(2).result().complete(PING);
        assertThat(drained).isDone();
        assertThat(handedOn).hasSize(3);

        timer.advance(Duration.ofHours(1));
        assertThat(pings.calls).hasSize(3);
    }

    @Test
    void aStopIsForGoodEvenForAReloadOrAMoveThatComeAfterItAndTheDrainStillWaitsForTheRunning() {
        Scheduler scheduler = scheduler();
        scheduler.replace(hosts(2, 500, 0));
        timer.advance(Duration.ofSeconds(2));
        List<ScriptedProbe.Call> running = List.copyOf(pings.calls);

        scheduler.stop(); // the stop signal's thread, while the main thread still works through its mail
        scheduler.replace(hosts(3, 500, 0)); // a SIGHUP that came before the SIGTERM, handled after it
        scheduler.swap(List.of(host(0, 500, 0)), List.of(host(7, 500, 0)));
        CompletableFuture<Void> drained = scheduler.stopAndDrain();
        running.forEach(call -> call.result().complete(PING));
        timer.advance(Duration.ofHours(1));

        assertThat(drained).isDone();
        assertThat(handedOn).hasSize(2);
        assertThat(pings.calls).hasSize(2);
    }

    @Test
    void aReloadStopsTheOldHostsButTheDrainStillWaitsForTheirLastRun() {
        Scheduler scheduler = scheduler();
        Target old = host(0, 500, 0);
        Target fresh = host(1, 500, 0);
        scheduler.replace(List.of(old));
        timer.advance(Duration.ofSeconds(2));
        assertThat(pings.calls).extracting(ScriptedProbe.Call::target).containsExactly(old);

        scheduler.replace(List.of(fresh));
        timer.advance(Duration.ofSeconds(2));
        CompletableFuture<Void> drained = scheduler.stopAndDrain();
        pings.calls.get(1).result().complete(PING);
        assertThat(drained).isNotDone();
        pings.calls.get(0).result().complete(PING); // the old host's last run, begun before the reload
        assertThat(drained).isDone();
        assertThat(handedOn).extracting(Observation::target).containsExactly(fresh, old);
        timer.advance(Duration.ofHours(1));
        assertThat(pings.calls).extracting(ScriptedProbe.Call::target).containsExactly(old, fresh);
    }

    @Test
    void aProbeThatThrowsForOneHostLeavesTheOthersAlone() {
        Target broken = host(0, 500, 0);
        Map<Kind, Probe<? extends Measurement>> probes = new EnumMap<>(Kind.class);
        probes.put(Kind.PING, target -> {
            if (target.equals(broken)) {
                throw new IllegalArgumentException("bad target");
            }
            return CompletableFuture.completedFuture(PING);
        });
        scheduler(probes).replace(hosts(5, 500, 0));
        timer.advance(Duration.ofSeconds(10));

        assertThat(handedOn).extracting(Observation::target).doesNotContain(broken).hasSizeGreaterThan(4 * 15);
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines())
                .singleElement().asString()
                .startsWith("EE: InternalError: line 1: ping of host0 failed: java.lang.IllegalArgumentException: bad target");
    }

    @Test
    void probesKeepWhatTheyKnowOfTheHostsStillMeasuredOnly() {
        Scheduler scheduler = scheduler();
        Target kept = host(0, 500, 0);
        Target dropped = host(1, 500, 1000);
        scheduler.replace(List.of(kept, dropped));
        Target keptAgain = host(0, 500, 0); // a reload parses the unchanged line anew: an equal target
        Target added = host(2, 0, 1000);
        scheduler.replace(List.of(keptAgain, added));
        assertThat(pings.retained).containsExactly(Set.of(kept, dropped), Set.of(kept, added));
        assertThat(traces.retained).isEqualTo(pings.retained); // every probe hears it, also of hosts it does not run

        Target moved = host(3, 0, 1000);
        scheduler.swap(List.of(added), List.of(moved));
        assertThat(traces.retained.getLast()).containsExactlyInAnyOrder(kept, moved);
    }
}
