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
    private static final String[] BURST = {"-q", "-c", "300", "-i", "0.011"};

    @Test
    void holdTimeErrorIsFarBelowATenthOfAMillisecond() {
        try (Lab lab = Preset.PAIR.builder().build()) {
            Direction toServer = lab.emulator("client", "server").direction("client");
            String server = lab.ipv4("server").getHostAddress();
            ping(lab, server, "-c", "200", "-i", "0.002", "-l", "10"); // warm up JIT and caches

            PingOutput plain = ping(lab, server, BURST);
            toServer.set(Impairment.none().delay(DELAY));
            toServer.reset();
            PingOutput delayed = ping(lab, server, BURST);
            HoldTimes holdTimes = toServer.holdTimes();

            double addedMicros = (delayed.avg() - plain.avg()) * 1000 - DELAY.toNanos() / 1000.0;
            System.out.printf("emulator hold-time error (10 ms one way): %s%n", holdTimes);
            System.out.printf("ping avg: 0 ms link %.3f ms, 10 ms link %.3f ms: the delay added %.1f us "
                    + "more than 10 ms%n", plain.avg(), delayed.avg(), addedMicros);

            assertThat(plain.received()).isEqualTo(300);
            assertThat(delayed.received()).isEqualTo(300);
            assertThat(holdTimes.count()).isEqualTo(300);
            assertThat(holdTimes.median()).isLessThan(Duration.ofNanos(50_000));
            assertThat(holdTimes.p99()).isLessThan(Duration.ofMillis(1));
            assertThat(addedMicros).isCloseTo(0, within(100.0));
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
