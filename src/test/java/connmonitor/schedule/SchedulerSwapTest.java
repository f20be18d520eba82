package connmonitor.schedule;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.Kind;
import connmonitor.probe.Measurement;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.probe.Probe;
import connmonitor.probe.Problems;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A name that moved: only its loops stop and its new target's start; every other host runs on untouched. */
class SchedulerSwapTest {

    private static final Options EVERY_20_MS = new Options(20, 1, 41, 0, 30, 0, true, true);

    private static Target target(String name, String address) {
        return new Target(name, InetAddress.ofLiteral(address), EVERY_20_MS, 1);
    }

    private static long count(ConcurrentLinkedQueue<Observation> seen, Target target) {
        return seen.stream().filter(o -> o.target().equals(target)).count();
    }

    @Test
    void swapMovesOneHostAndLeavesTheOthersRunning() throws Exception {
        ConcurrentLinkedQueue<Observation> seen = new ConcurrentLinkedQueue<>();
        Probe<PingResult> instant = target -> CompletableFuture.completedFuture(PingResult.of(1, new double[] {1.0}));
        Problems quiet = new Problems() {
            @Override
            public void report(Target target, Kind kind, String type, String description) {
            }

            @Override
            public void clear(Target target, Kind kind) {
            }
        };
        ScheduledThreadPoolExecutor timer = Scheduler.newTimer();
        try {
            Scheduler scheduler = new Scheduler(timer, Map.<Kind, Probe<? extends Measurement>>of(Kind.PING, instant),
                    seen::add, quiet, Clock.systemUTC());
            Target stays = target("stays", "10.0.0.1");
            Target before = target("moves", "10.0.0.2");
            Target after = before.at(InetAddress.ofLiteral("10.0.0.3"));
            scheduler.replace(List.of(stays, before));
            Thread.sleep(1500); // past the start-up spread (at least 1 s)
            scheduler.swap(List.of(before), List.of(after));
            long beforeAtSwap = count(seen, before);
            long staysAtSwap = count(seen, stays);
            // until the new target has run 5 times and the staying one 20 (every 20 ms: 0.4 s, never restarted, no new
            // spread), however long a stalled machine takes for it (a fixed 1.5 s before, with 100 ms for the hand-on)
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while ((count(seen, after) <= 5 || count(seen, stays) <= staysAtSwap + 20) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(count(seen, after)).isGreaterThan(5);
            assertThat(count(seen, stays)).isGreaterThan(staysAtSwap + 20);
            // the old target's loop stopped: one measurement of it running at the swap may still be handed on, while
            // a loop going on would have added ~20 in the time the staying host ran 20 times
            assertThat(count(seen, before)).isBetween(beforeAtSwap, beforeAtSwap + 1);
            scheduler.stopAndDrain().get();
        } finally {
            timer.shutdownNow();
        }
    }
}
