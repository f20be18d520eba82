package connmonitor.schedule;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.output.Ctime;
import connmonitor.output.Log;
import connmonitor.output.ProblemLog;
import connmonitor.probe.Kind;
import connmonitor.probe.Observation;
import connmonitor.probe.PartlyMeasured;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import connmonitor.probe.Unmeasurable;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One host's loop of one kind, on a manual timer: when it runs, what it hands on, what it reports. */
class MeasurementLoopTest {

    private static final Target HOST = new Target("gateway", InetAddress.ofLiteral("10.0.0.1"),
            new Options(500, 10, 41, 500, 30, 500, false, true), 7);
    private static final PingResult PING = PingResult.of(2, new double[] {1.5, 2.5});
    private static final TraceResult TRACE = new TraceResult(
            List.of(TraceResult.Step.answered(InetAddress.ofLiteral("10.0.0.1"), 0.4)), true);
    private static final ScanResult SCAN = new ScanResult(Optional.empty(), Optional.empty(), Optional.empty());

    private final ManualTimer timer = new ManualTimer();
    private final ScriptedProbe probe = new ScriptedProbe(timer);
    private final List<Observation> handedOn = new ArrayList<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ProblemLog problems = new ProblemLog(
            new Log(stderr, Clock.fixed(ManualTimer.EPOCH, ZoneId.systemDefault()), false));

    private MeasurementLoop loop(Kind kind) {
        return new MeasurementLoop(HOST, kind, probe, 500, timer, handedOn::add, problems, timer.clock());
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private List<Long> callMillis() {
        return probe.calls.stream().map(call -> millis(call.nanos())).toList();
    }

    private List<String> stderrLines() {
        String text = stderr.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static String stamped(String line) {
        return line + " -\t " + Ctime.format(ManualTimer.EPOCH);
    }

    @Test
    void firstRunComesAfterItsDelayThenOnePeriodAfterEachRunFinished() {
        probe.thenAnswer(3, PING);
        loop(Kind.PING).start(120_000);
        timer.advance(Duration.ofMillis(119));
        assertThat(probe.calls).isEmpty();
        timer.advance(Duration.ofMillis(1_100));
        assertThat(callMillis()).containsExactly(120L, 620L, 1_120L);
        assertThat(handedOn).extracting(Observation::epochMicros)
                .containsExactly(micros(120), micros(620), micros(1_120));
        assertThat(handedOn).allSatisfy(observation -> {
            assertThat(observation.target()).isEqualTo(HOST);
            assertThat(observation.measurement()).isEqualTo(PING);
        });
        assertThat(stderrLines()).isEmpty();
    }

    @Test
    void aRunNeverStartsBeforeTheLastOneFinished() {
        loop(Kind.TRACE).start(0);
        timer.advance(Duration.ofSeconds(10)); // twenty periods, but the first trace still runs
        assertThat(callMillis()).containsExactly(0L);

        probe.calls.getFirst().result().complete(TRACE);
        timer.advance(Duration.ofMillis(499));
        assertThat(callMillis()).containsExactly(0L);
        timer.advance(Duration.ofMillis(1));
        assertThat(callMillis()).containsExactly(0L, 10_500L);
        assertThat(handedOn).hasSize(1);
    }

    @Test
    void stopLetsTheRunningMeasurementFinishAndHandsItOnButStartsNoOther() {
        MeasurementLoop loop = loop(Kind.PING);
        loop.start(0);
        timer.advance(Duration.ofMillis(1));
        loop.stop();
        assertThat(loop.running()).isNotDone();

        probe.calls.getFirst().result().complete(PING);
        assertThat(loop.running()).isDone();
        assertThat(handedOn).hasSize(1);
        timer.advance(Duration.ofHours(1));
        assertThat(probe.calls).hasSize(1);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void stopBeforeTheFirstRunStartsNothing() {
        MeasurementLoop loop = loop(Kind.SCAN);
        loop.start(300_000);
        loop.stop();
        timer.advance(Duration.ofHours(1));
        assertThat(probe.calls).isEmpty();
        assertThat(loop.running()).isDone();
    }

    @Test
    void aProbeThatThrowsIsReportedOnceAndTheLoopGoesOn() {
        probe.thenThrow(3, new IllegalStateException("no buffer")).thenAnswer(2, PING);
        loop(Kind.PING).start(0);
        timer.advance(Duration.ofMillis(2_000));

        assertThat(callMillis()).containsExactly(0L, 500L, 1_000L, 1_500L, 2_000L);
        assertThat(handedOn).hasSize(2);
        assertThat(stderrLines()).containsExactly(
                stamped("EE: InternalError: line 7: ping of gateway failed: java.lang.IllegalStateException: no buffer"),
                stamped("WW: line 7: ping of gateway works again"));
    }

    @Test
    void aTraceThatFailsThenRecoversSaysSoOnceEach() {
        probe.thenFail(4, new Unmeasurable("NetworkError", "cannot trace 10.0.0.1: Network is unreachable"))
                .thenAnswer(3, TRACE);
        loop(Kind.TRACE).start(0);
        timer.advance(Duration.ofMillis(3_000));

        assertThat(probe.calls).hasSize(7);
        assertThat(handedOn).hasSize(3); // an unmeasurable trace has no record
        assertThat(stderrLines()).containsExactly(
                stamped("EE: NetworkError: line 7: cannot trace 10.0.0.1: Network is unreachable"),
                stamped("WW: line 7: trace of gateway works again"));
    }

    @Test
    void aScanThatFailsThenRecoversSaysSoOnceEach() {
        probe.thenFail(3, new IllegalStateException("scan thread died")).thenAnswer(2, SCAN);
        loop(Kind.SCAN).start(0);
        timer.advance(Duration.ofMillis(2_000));

        assertThat(probe.calls).hasSize(5);
        assertThat(handedOn).extracting(Observation::measurement).containsExactly(SCAN, SCAN);
        assertThat(stderrLines()).containsExactly(
                stamped("EE: InternalError: line 7: scan of gateway failed: java.lang.IllegalStateException: "
                        + "scan thread died"),
                stamped("WW: line 7: scan of gateway works again"));
    }

    @Test
    void aPartlyMeasuredBurstIsStillPrintedAndItsFailureSaidOnce() {
        PingResult allLost = PingResult.of(10, new double[0]);
        probe.thenFail(3, new PartlyMeasured("NetworkError", "cannot ping 10.0.0.1: Network is unreachable", allLost))
                .thenAnswer(1, PING);
        loop(Kind.PING).start(0);
        timer.advance(Duration.ofMillis(1_500));

        assertThat(handedOn).extracting(Observation::measurement).containsExactly(allLost, allLost, allLost, PING);
        assertThat(stderrLines()).containsExactly(
                stamped("EE: NetworkError: line 7: cannot ping 10.0.0.1: Network is unreachable"),
                stamped("WW: line 7: ping of gateway works again"));
    }

    @Test
    void aDifferentFailureIsSaidAgainButSuccessesSayNothing() {
        probe.thenFail(2, new Unmeasurable("NetworkError", "cannot trace 10.0.0.1: Network is unreachable"))
                .thenFail(2, new Unmeasurable("NetworkError", "cannot trace 10.0.0.1: Operation not permitted"))
                .thenAnswer(4, TRACE);
        loop(Kind.TRACE).start(0);
        timer.advance(Duration.ofMillis(3_500));

        assertThat(probe.calls).hasSize(8);
        assertThat(stderrLines()).containsExactly(
                stamped("EE: NetworkError: line 7: cannot trace 10.0.0.1: Network is unreachable"),
                stamped("EE: NetworkError: line 7: cannot trace 10.0.0.1: Operation not permitted"),
                stamped("WW: line 7: trace of gateway works again"));
    }

    private static long micros(long millis) {
        return ManualTimer.EPOCH.getEpochSecond() * 1_000_000L + millis * 1_000;
    }
}
