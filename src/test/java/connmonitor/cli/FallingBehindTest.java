package connmonitor.cli;

import connmonitor.output.Log;
import connmonitor.schedule.Lateness;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One WW line when the monitor falls behind, one when it keeps up again, nothing for a passing hiccup. */
class FallingBehindTest {

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Log log = new Log(stderr, Clock.systemUTC(), false);

    /** Seconds as the sampler sees them: the timer's late window and the engine's backlog. */
    private static final class Seconds implements FallingBehind.Source {
        final Deque<long[]> queue = new ArrayDeque<>(); // {timer worst ns, late loops, engine backlog ns, requests}
        long[] now = {0, 0, 0, 0};

        void add(int count, long timerNanos, long loops, long engineNanos, long requests) {
            for (int i = 0; i < count; i++) {
                queue.add(new long[] {timerNanos, loops, engineNanos, requests});
            }
        }

        @Override
        public Lateness.Window takeTimerWindow() {
            now = queue.remove();
            return new Lateness.Window(now[0], now[1]);
        }

        @Override
        public long engineBacklogNanos(long nanoTimeNow) {
            return now[2];
        }

        @Override
        public int engineBacklogRequests() {
            return (int) now[3];
        }

        @Override
        public long lateStarts() {
            return 42;
        }
    }

    private String lines() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBackedUpEngineIsOneLineWithHowFarAndHowManyThenOneWhenItRecovers() {
        Seconds seconds = new Seconds();
        FallingBehind behind = new FallingBehind(log, seconds, () -> 0);
        seconds.add(2, 0, 0, 1_500_000_000L, 20_000);
        seconds.add(1, 0, 0, 2_300_000_000L, 29_000);
        seconds.add(30, 0, 0, 1_000_000_000L, 25_000);
        seconds.add(9, 0, 0, 0, 0);
        seconds.add(1, 0, 0, 0, 0);
        for (int i = 0; i < 2; i++) {
            behind.sample();
        }
        assertThat(lines()).isEmpty();
        assertThat(behind.status()).isEmpty();
        behind.sample();
        assertThat(lines().lines().toList()).singleElement().asString().startsWith("WW: falling behind: measurements "
                + "start up to 2.3 s later than their periods ask, on 29000 hosts (the ICMP engine's paced sends are "
                + "backed up); fewer hosts or longer periods would fit -\t");
        for (int i = 0; i < 30 + 9; i++) {
            behind.sample();
        }
        assertThat(lines().lines()).hasSize(1);
        assertThat(behind.status()).isEqualTo(", behind by up to 2.3 s on 29000 hosts");
        behind.sample();
        assertThat(lines().lines().toList()).hasSize(2).last().asString().startsWith(
                "WW: keeping up again: measurements start on time (they were up to 2.3 s late, on up to 29000 hosts) -\t");
        assertThat(behind.status()).isEmpty();
        assertThat(behind.lateStarts()).isEqualTo(42);
    }

    @Test
    void aLateTimerCountsItsLateLoopsAndShortHiccupsSayNothing() {
        Seconds seconds = new Seconds();
        FallingBehind behind = new FallingBehind(log, seconds, () -> 0);
        seconds.add(2, 400_000_000L, 10, 0, 0); // two late seconds (a GC storm, a busy neighbour)
        seconds.add(1, 0, 0, 50_000_000L, 300); // an engine backlog under 100 ms is on time
        seconds.add(3, 700_000_000L, 1200, 0, 0);
        for (int i = 0; i < 6; i++) {
            behind.sample();
        }
        assertThat(lines().lines().toList()).singleElement().asString().startsWith("WW: falling behind: measurements "
                + "start up to 0.7 s later than their periods ask, on 1200 hosts (the scheduler cannot start them in time)");
    }
}
