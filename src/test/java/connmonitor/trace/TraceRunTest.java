package connmonitor.trace;

import connmonitor.icmp.IcmpError;
import connmonitor.probe.TraceResult;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a trace in flight turns answers, silences and timeouts into steps. */
class TraceRunTest {

    private static final InetAddress R1 = InetAddress.ofLiteral("10.0.1.2");
    private static final InetAddress R2 = InetAddress.ofLiteral("10.0.2.2");
    private static final InetAddress R3 = InetAddress.ofLiteral("10.0.3.2");
    private static final InetAddress HOST = InetAddress.ofLiteral("10.0.4.2");
    private static final long MS = 1_000_000;
    private final GraceTimer timer = new GraceTimer();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static String route(TraceResult result) {
        return result.steps().stream().map(s -> s.answered() ? s.address().getHostAddress() : "*").toList().toString();
    }

    @Test
    void endsAtTheFirstStepThatReachedTheHostOnceAllBeforeItAnswered() throws Exception {
        TraceRun run = new TraceRun(HOST, 30, timer);
        run.onEchoReply(5, 40 * MS); // a later TTL reaches the host too: only the first counts
        run.onEchoReply(3, 40 * MS);
        run.onIcmpError(2, 30 * MS, R3, IcmpError.TIME_EXCEEDED);
        run.onIcmpError(0, 10 * MS, R1, IcmpError.TIME_EXCEEDED);
        assertThat(run.result).isNotDone();
        run.onIcmpError(1, 20 * MS, R2, IcmpError.TIME_EXCEEDED);
        TraceResult result = run.result.getNow(null);
        assertThat(route(result)).isEqualTo("[10.0.1.2, 10.0.2.2, 10.0.3.2, 10.0.4.2]");
        assertThat(result.reached()).isTrue();
        assertThat(result.steps().get(2).rttMillis()).isEqualTo(30.0);
    }

    @Test
    void aSilentHopIsGivenAGraceAfterTheHostAnsweredNotTheWholeTimeout() throws Exception {
        TraceRun run = new TraceRun(HOST, 30, timer);
        long start = System.nanoTime();
        run.onIcmpError(0, 10 * MS, R1, IcmpError.TIME_EXCEEDED);
        run.onIcmpError(2, 30 * MS, R3, IcmpError.TIME_EXCEEDED);
        run.onEchoReply(3, 200 * MS); // grace: 5 x 200 ms
        TraceResult result = run.result.get(10, TimeUnit.SECONDS);
        double waited = (System.nanoTime() - start) / 1e6;
        assertThat(route(result)).isEqualTo("[10.0.1.2, *, 10.0.3.2, 10.0.4.2]");
        // the grace asked of the timer, exactly; and it was waited out, never cut short. How long the wait ran
        // over is the machine's, not the trace's (a stalled CI machine may add a second or two), so it is not bounded
        assertThat(timer.delaysMillis).containsExactly(1_000L);
        assertThat(waited).isGreaterThanOrEqualTo(1_000.0);
        run.onIcmpError(1, 1_500 * MS, R2, IcmpError.TIME_EXCEEDED); // too late: the result stands
        assertThat(route(run.result.getNow(null))).isEqualTo("[10.0.1.2, *, 10.0.3.2, 10.0.4.2]");
    }

    @Test
    void theGraceIsAtLeastHalfASecondOnShortPaths() throws Exception {
        TraceRun run = new TraceRun(HOST, 4, timer);
        long start = System.nanoTime();
        run.onEchoReply(1, MS / 10);
        run.result.get(10, TimeUnit.SECONDS);
        assertThat(timer.delaysMillis).containsExactly(500L); // not 5 x 0.1 ms; the wait itself as above
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(500.0);
    }

    @Test
    void anUnreachableRouterEndsTheRouteThere() {
        TraceRun run = new TraceRun(HOST, 30, timer);
        run.onIcmpError(0, 10 * MS, R1, IcmpError.TIME_EXCEEDED);
        run.onIcmpError(1, 12 * MS, R2, IcmpError.UNREACHABLE);
        TraceResult result = run.result.getNow(null);
        assertThat(route(result)).isEqualTo("[10.0.1.2, 10.0.2.2]");
        assertThat(result.reached()).isFalse();
    }

    @Test
    void aHostNeverReachedShowsEveryHopUpToTheLimit() {
        TraceRun run = new TraceRun(HOST, 3, timer);
        run.onIcmpError(0, MS, R1, IcmpError.TIME_EXCEEDED);
        run.onNoReply(1);
        assertThat(run.result).isNotDone();
        run.onNoReply(2);
        TraceResult result = run.result.getNow(null);
        assertThat(route(result)).isEqualTo("[10.0.1.2, *, *]");
        assertThat(result.reached()).isFalse();
    }

    @Test
    void aTraceWhoseProbesCouldNotBeSentIsNoRecord() {
        TraceRun run = new TraceRun(HOST, 2, timer);
        run.onSendFailed(0, "Network is unreachable");
        run.onSendFailed(1, "Network is unreachable");
        assertThat(run.result).isCompletedExceptionally();
    }

    /** The scheduler's timer, noting the delay of each task it is given. */
    private static final class GraceTimer extends ScheduledThreadPoolExecutor {
        final List<Long> delaysMillis = new CopyOnWriteArrayList<>();

        GraceTimer() {
            super(1, runnable -> Thread.ofPlatform().daemon(true).unstarted(runnable));
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            delaysMillis.add(unit.toMillis(delay));
            return super.schedule(task, delay, unit);
        }
    }
}
