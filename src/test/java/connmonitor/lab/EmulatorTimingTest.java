package connmonitor.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * How exactly the emulator holds packets: its own account (send time - deadline, per packet) and
 * iputils ping's (the RTT added by switching a live link from 0 to 10 ms). Prints both, because the
 * benchmark and docs/testing.md quote them. Needs root. Takes about 8 s.
 */
@Tag("root")
class EmulatorTimingTest {

    private static final Duration DELAY = Duration.ofMillis(10);
    /** One request in flight at a time: with -l, ping sends in clumps that queue behind each other. */
    private static final String[] BURST = {"-c", "300", "-i", "0.011"};

    /**
     * Best of three rounds: a shared 2-core virtual machine now and then wakes a thread milliseconds late
     * (on 2026-11-29 ping's own wake-up after a 10 ms wait added 2-3 ms in some rounds while the emulator's
     * hold time was 12-18 us at the median). One clean round shows what the emulator can do; a broken
     * emulator fails all three.
     */
    @Test
    void holdTimeErrorIsWellBelowAMillisecond() {
        AssertionError last = null;
        for (int round = 0; round < 3; round++) {
            try {
                oneRound();
                return;
            } catch (AssertionError noisy) {
                last = noisy;
            }
        }
        throw last;
    }

    private static void oneRound() {
        try (Lab lab = Preset.PAIR.builder().build()) {
            Direction toServer = lab.emulator("client", "server").direction("client");
            String server = lab.ipv4("server").getHostAddress();
            ping(lab, server, "-c", "200", "-i", "0.002", "-l", "10"); // warm up JIT and caches

            PingOutput plain = ping(lab, server, BURST);
            toServer.set(Impairment.none().delay(DELAY));
            toServer.reset();
            PingOutput delayed = ping(lab, server, BURST);
            HoldTimes holdTimes = toServer.holdTimes();

            double addedMicros = (delayed.medianTime() - plain.medianTime()) * 1000 - DELAY.toNanos() / 1000.0;
            System.out.printf("emulator hold-time error (10 ms one way): %s%n", holdTimes);
            System.out.printf("ping avg: 0 ms link %.3f ms, 10 ms link %.3f ms: the delay added %.1f us "
                    + "more than 10 ms%n", plain.avg(), delayed.avg(), (delayed.avg() - plain.avg()) * 1000 - DELAY.toNanos() / 1000.0);
            System.out.printf("ping median: 0 ms link %.3f ms, 10 ms link %.3f ms: the delay added %.1f us more than 10 ms%n",
                    plain.medianTime(), delayed.medianTime(), addedMicros);

            assertThat(plain.received()).isEqualTo(300);
            assertThat(delayed.received()).isEqualTo(300);
            assertThat(holdTimes.count()).isEqualTo(300);
            // bounds for a shared 2-core virtual machine: on 2026-11-29 this one woke the emulator 40-115 us
            // late at the median (with a 100 us early wake-up) and up to 1.8 ms late now and then. The emulator's
            // thread runs SCHED_FIFO, so the guest's 4 ms scheduler-tick stalls that delay ping (CI, 2026-11-30) pass
            // it by; only the host's steal can reach its p99, and the best of three rounds absorbs that
            assertThat(holdTimes.median()).isLessThan(Duration.ofNanos(150_000));
            assertThat(holdTimes.p99()).isLessThan(Duration.ofMillis(2));
            // through ping the delay adds the receiver's wake-up after a 10 ms idle, which on this virtual machine
            // (2026-11-29) was 0.3-2.6 ms while the emulator's own hold error stayed at tens of microseconds:
            // ping shows the delay is applied once (not twice, not lost); the hold times above show its precision.
            // Medians, not ping's averages: on CI's VM a quarter of ping's replies over a 10 ms link woke 1.6-11.6 ms
            // late (2026-11-30), ~1.5 ms on the mean of the delayed run alone
            assertThat(addedMicros).isCloseTo(0, within(3000.0));
        }
    }

    private static PingOutput ping(Lab lab, String target, String... options) {
        String[] command = new String[options.length + 3];
        command[0] = "ping";
        command[1] = "-n";
        System.arraycopy(options, 0, command, 2, options.length);
        command[command.length - 1] = target;
        return PingOutput.parse(lab.exec("client", command).orThrow().stdout());
    }
}
