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
        try (NotifySocket socket = NotifySocket.atPath(dir.resolve("notify"));
             ServiceHeartbeat ignored = ServiceHeartbeat.start(SystemdNotify.to(socket.address(), log),
                     () -> "status " + n.incrementAndGet(), Optional.of(Duration.ofMillis(300)), alive::get,
                     Duration.ofMillis(200), () -> { })) {
            List<String> heard = receiveFor(socket, Duration.ofMillis(1000));
            assertThat(heard.getFirst()).isEqualTo("STATUS=status 1");
            assertThat(heard).filteredOn(m -> m.startsWith("STATUS=")).hasSizeBetween(4, 7);
            assertThat(heard).filteredOn(m -> m.equals("WATCHDOG=1")).hasSizeBetween(6, 12);

            alive.set(false); // a stuck engine: status goes on, the watchdog pings stop
            receiveFor(socket, Duration.ofMillis(150));
            List<String> stuck = receiveFor(socket, Duration.ofMillis(800));
            assertThat(stuck).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("STATUS="));
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
