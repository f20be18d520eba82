package connmonitor.cli;

import connmonitor.output.Log;
import connmonitor.support.NotifySocket;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** STATUS= comes periodically; WATCHDOG=1 only while the measuring threads make progress. */
class ServiceHeartbeatTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Log log = new Log(stderr, Clock.systemUTC(), false);

    @Test
    void statusLinesComeEveryPeriodAndWatchdogOnlyWhileAlive() throws Exception {
        AtomicBoolean alive = new AtomicBoolean(true);
        AtomicLong n = new AtomicLong();
        long started = System.nanoTime();
        try (NotifySocket socket = NotifySocket.atPath(dir.resolve("notify"));
             ServiceHeartbeat ignored = ServiceHeartbeat.start(SystemdNotify.to(socket.address(), log),
                     () -> "status " + n.incrementAndGet(), Optional.of(Duration.ofMillis(300)), alive::get,
                     Duration.ofMillis(200), () -> { })) {
            // Counted up to the sixth status line, not within a fixed second: a whole-machine stall (0.5-2 s on CI's
            // VM) at the end of that second left its messages to the next one. One status at the start, then one every
            // 200 ms, and a watchdog ping every 100 ms (a third of 300 ms), all at a fixed rate: a stall delays them and
            // they catch up in order, but none comes early or is dropped. So the sixth status is 1 s after the start at
            // the least, and the ten pings due at 0-900 ms come before it
            List<String> heard = receiveUntil(socket, m -> m.equals("STATUS=status 6"), Duration.ofSeconds(10));
            double millis = (System.nanoTime() - started) / 1e6;
            assertThat(heard.getFirst()).isEqualTo("STATUS=status 1");
            assertThat(heard).filteredOn(m -> m.startsWith("STATUS=")).hasSize(6);
            assertThat(millis).as("five status periods, and 2 s of a stalled machine at most").isBetween(1000.0, 4000.0);
            assertThat(heard).filteredOn(m -> m.equals("WATCHDOG=1")).hasSizeBetween(9, 11);

            alive.set(false); // a stuck engine: status goes on, the watchdog pings stop
            // a status numbered past the flip was made after it, on the one heartbeat thread: no ping may follow it
            long flipped = n.get();
            List<String> stuck = receiveUntil(socket, m -> m.equals("STATUS=status " + (flipped + 4)), Duration.ofSeconds(10));
            List<String> afterFlip = stuck.subList(indexOfStatusAfter(stuck, flipped), stuck.size());
            assertThat(afterFlip).hasSizeGreaterThanOrEqualTo(4).allSatisfy(m -> assertThat(m).startsWith("STATUS="));
        }
        assertThat(stderr.size()).isZero();
    }

    @Test
    void withoutWatchdogOnlyStatus() throws Exception {
        try (NotifySocket socket = NotifySocket.atPath(dir.resolve("notify"));
             ServiceHeartbeat ignored = ServiceHeartbeat.start(SystemdNotify.to(socket.address(), log),
                     () -> "s", Optional.empty(), () -> true, Duration.ofMillis(100), () -> { })) {
            assertThat(receiveFor(socket, Duration.ofMillis(500))).isNotEmpty().containsOnly("STATUS=s");
        }
    }

    @Test
    void theWatchdogIsTheUnitsForThisProcessOnly() {
        assertThat(ServiceHeartbeat.watchdogFromEnvironment("30000000", null, 7)).contains(Duration.ofSeconds(30));
        assertThat(ServiceHeartbeat.watchdogFromEnvironment("30000000", "7", 7)).contains(Duration.ofSeconds(30));
        assertThat(ServiceHeartbeat.watchdogFromEnvironment("30000000", "8", 7)).isEmpty();
        assertThat(ServiceHeartbeat.watchdogFromEnvironment(null, null, 7)).isEmpty();
        assertThat(ServiceHeartbeat.watchdogFromEnvironment("0", null, 7)).isEmpty();
        assertThat(ServiceHeartbeat.watchdogFromEnvironment("soon", null, 7)).isEmpty();
    }

    @Test
    void theStatusLineCountsHostsRateAndProblems() {
        AtomicLong nanos = new AtomicLong(0);
        ServiceStatus status = new ServiceStatus(() -> 2, nanos::get);
        status.hosts(3);
        var sink = status.counting(observation -> { });
        for (int i = 0; i < 25; i++) {
            sink.accept(null);
        }
        nanos.set(10_000_000_000L);
        assertThat(status.line()).isEqualTo("3 hosts, 2.5 measurements/s, 2 problems now");
        nanos.set(20_000_000_000L);
        status.hosts(1);
        assertThat(status.line()).isEqualTo("1 host, 0.0 measurements/s, 2 problems now");
    }

    /** Messages up to and with the first one that {@code last} accepts; fails when none comes in time. */
    private static List<String> receiveUntil(NotifySocket socket, java.util.function.Predicate<String> last, Duration limit)
            throws Exception {
        List<String> messages = new ArrayList<>();
        long end = System.nanoTime() + limit.toNanos();
        while (messages.isEmpty() || !last.test(messages.getLast())) {
            assertThat(System.nanoTime()).as("messages so far: %s", messages).isLessThan(end);
            messages.add(socket.receive(Duration.ofMillis(Math.max(1, (end - System.nanoTime()) / 1_000_000))));
        }
        return messages;
    }

    private static int indexOfStatusAfter(List<String> messages, long number) {
        for (int i = 0; i < messages.size(); i++) {
            String m = messages.get(i);
            if (m.startsWith("STATUS=status ") && Long.parseLong(m.substring("STATUS=status ".length())) > number) {
                return i;
            }
        }
        throw new AssertionError("no status after " + number + " in " + messages);
    }

    private static List<String> receiveFor(NotifySocket socket, Duration span) throws Exception {
        List<String> messages = new ArrayList<>();
        long end = System.nanoTime() + span.toNanos();
        while (true) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return messages;
            }
            try {
                messages.add(socket.receive(Duration.ofMillis(left)));
            } catch (AssertionError none) {
                return messages;
            }
        }
    }
}
