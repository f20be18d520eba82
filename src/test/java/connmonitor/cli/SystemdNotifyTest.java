package connmonitor.cli;

import connmonitor.output.Log;
import connmonitor.support.NotifySocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** sd_notify messages reach a socket as systemd binds it, and a missing or wrong one costs one warning. */
class SystemdNotifyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Log log = new Log(stderr, Clock.systemUTC(), false);

    @Test
    void readyThenStoppingReachASocketFile() throws Exception {
        try (NotifySocket socket = NotifySocket.atPath(dir.resolve("notify"))) {
            SystemdNotify systemd = SystemdNotify.to(socket.address(), log);
            systemd.ready();
            systemd.stopping();
            assertThat(socket.receive(WAIT)).isEqualTo("READY=1");
            assertThat(socket.receive(WAIT)).isEqualTo("STOPPING=1");
        }
        assertThat(stderr.size()).isZero();
    }

    @Test
    void anAbstractSocketNameStartsWithAnAt() throws Exception {
        try (NotifySocket socket = NotifySocket.abstractNamed("connmonitor-test-" + ProcessHandle.current().pid())) {
            SystemdNotify.to(socket.address(), log).ready();
            assertThat(socket.receive(WAIT)).isEqualTo("READY=1");
        }
        assertThat(stderr.size()).isZero();
    }

    @Test
    void withoutNotifySocketNothingIsSentOrSaid() {
        SystemdNotify.to(null, log).ready();
        SystemdNotify.to("", log).stopping();
        assertThat(stderr.size()).isZero();
    }

    @Test
    void aSocketThatIsNotThereIsOneWarningAndTheMonitorGoesOn() {
        SystemdNotify.to(dir.resolve("absent").toString(), log).ready();
        SystemdNotify.to("relative/notify", log).ready();
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                line -> assertThat(line).startsWith("WW: cannot tell systemd READY=1 through '" + dir.resolve("absent")
                        + "': No such file or directory -\t"),
                line -> assertThat(line).startsWith("WW: cannot tell systemd READY=1: NOTIFY_SOCKET 'relative/notify'"
                        + " is not a socket path -\t"));
    }

    @Test
    void aReloadIsReloadingWithTheMonotonicClockThenReady() throws Exception {
        try (NotifySocket socket = NotifySocket.atPath(dir.resolve("notify"))) {
            SystemdNotify systemd = SystemdNotify.to(socket.address(), log);
            long before = System.nanoTime() / 1000;
            systemd.reloading();
            long after = System.nanoTime() / 1000;
            systemd.ready();
            String reloading = socket.receive(WAIT);
            assertThat(reloading).matches("RELOADING=1\nMONOTONIC_USEC=\\d+");
            long usec = Long.parseLong(reloading.substring(reloading.indexOf('=', 12) + 1));
            assertThat(usec).isBetween(before, after);
            // systemd compares it with its own CLOCK_MONOTONIC: /proc/uptime counts on the same clock's boot time
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            assertThat(usec / 1e6).isCloseTo(uptime, org.assertj.core.data.Offset.offset(5.0));
            assertThat(socket.receive(WAIT)).isEqualTo("READY=1");
        }
        assertThat(stderr.size()).isZero();
    }

    @Test
    void statusIsOneLineAndWatchdogIsWatchdog() throws Exception {
        try (NotifySocket socket = NotifySocket.atPath(dir.resolve("notify"))) {
            SystemdNotify systemd = SystemdNotify.to(socket.address(), log);
            systemd.status("3 hosts,\n1.0 measurements/s");
            systemd.watchdog();
            assertThat(socket.receive(WAIT)).isEqualTo("STATUS=3 hosts, 1.0 measurements/s");
            assertThat(socket.receive(WAIT)).isEqualTo("WATCHDOG=1");
        }
        assertThat(stderr.size()).isZero();
    }

    @Test
    void periodicMessagesThatFailWarnOnceUntilTheyWorkAgain() {
        SystemdNotify systemd = SystemdNotify.to(dir.resolve("absent").toString(), log);
        for (int i = 0; i < 5; i++) {
            systemd.status("1 host");
            systemd.watchdog();
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("WW: cannot tell systemd STATUS=1 host through '" + dir.resolve("absent")
                        + "': No such file or directory (said once until it works again) -\t");
    }
}
