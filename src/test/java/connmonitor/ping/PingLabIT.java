package connmonitor.ping;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.lab.Counters;
import connmonitor.lab.Impairment;
import connmonitor.lab.Lab;
import connmonitor.lab.PingOutput;
import connmonitor.lab.Preset;
import connmonitor.support.LabRuns;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Pings over an emulated link of known delay and loss, with iputils ping and the emulator as witnesses. */
class PingLabIT {

    private static Lab lab;

    @BeforeAll
    static void build() {
        lab = Preset.PAIR.builder().build();
    }

    @AfterAll
    static void tearDown() {
        lab.close();
    }

    private static List<JsonNode> records(String config, int count) throws Exception {
        return LabRuns.pings(lab.namespace("client"), config, count);
    }

    @Test
    void aTwentyMillisecondPathReadsTwentyMillisecondsLikeIputilsPing() throws Exception {
        lab.emulator("client", "server").set(Impairment.none().delay(Duration.ofMillis(10)));
        String server = lab.ipv4("server").getHostAddress();
        // both at the same time, with packets of the same size: the emulated path drifts by tenths of a
        // millisecond over minutes, so one after the other would compare two different paths
        Process iputils = new ProcessBuilder("ip", "netns", "exec", lab.namespace("client"),
                "ping", "-n", "-c", "60", "-i", "0.05", server).redirectErrorStream(true).start();
        List<JsonNode> ours = records(server + " ping=50 numpings=1 payload=56 json=1\n", 60);
        PingOutput witness = PingOutput.parse(new String(iputils.getInputStream().readAllBytes()));
        assertThat(iputils.waitFor()).isZero();
        double[] rtts = ours.stream().mapToDouble(r -> r.get("avg").asDouble()).sorted().toArray();
        double median = (rtts[29] + rtts[30]) / 2;
        System.out.printf("20 ms path: connmonitor median %.4f ms, iputils ping median %.4f ms%n", median,
                witness.medianTime());
        assertThat(ours).allSatisfy(r -> {
            assertThat(r.get("loss").asDouble()).isZero();
            assertThat(r.get("min").asDouble()).isGreaterThanOrEqualTo(20.0);
        });
        // the emulated path itself: 20 ms plus two TUN hops and the emulator's wake-ups, which on this shared
        // virtual machine (2026-11-29) added 0.3-0.8 ms; the exactness check is the one against iputils below
        assertThat(median).isCloseTo(20.0, within(1.0));
        // iputils prints times over 10 ms to 0.1 ms. Since batched sends (send time from the kernel's transmit
        // stamp less the shortest clock-to-device time seen lately, where iputils reads its clock before each
        // call) ours reads below iputils on this TUN path: 0.10, 0.10, 0.15 and 0.27 ms in four runs on
        // 2026-11-30 (0.27 in a CI run). Never above it by more than its rounding; below by at most 0.35 ms,
        // and never below the emulated 20 ms (checked above).
        assertThat(median).isBetween(witness.medianTime() - 0.35, witness.medianTime() + 0.15);
    }

    @Test
    void thirtyPercentLossReadsThirtyPercentAndMatchesTheEmulatorsDrops() throws Exception {
        lab.emulator("client", "server").set(Impairment.none());
        lab.emulator("client", "server").direction("client").set(Impairment.none().loss(30));
        lab.emulator("client", "server").direction("client").reset();
        try {
            // a burst with a loss waits out the 2 s reply timeout: few large bursts keep this test short
            List<JsonNode> bursts = records(lab.ipv4("server").getHostAddress() + " ping=10 numpings=200 json=1\n", 6);
            double lost = bursts.stream().mapToLong(r -> Math.round(r.get("loss").asDouble() / 100 * 200)).sum();
            int pings = bursts.size() * 200;
            double loss = 100 * lost / pings;
            double sigma = 100 * Math.sqrt(0.3 * 0.7 / pings);
            Counters counters = lab.emulator("client", "server").direction("client").counters();
            System.out.printf("30%% loss link: %d pings, connmonitor loss %.2f%% (5 sigma = %.2f), emulator dropped %d, "
                    + "connmonitor lost %.0f%n", pings, loss, 5 * sigma, counters.dropped(), lost);
            assertThat(loss).isCloseTo(30.0, within(5 * sigma));
            // every request the emulator dropped is one we counted lost (a burst in flight at the stop may add a few)
            assertThat((double) counters.dropped()).isBetween(lost, lost + 200);
        } finally {
            lab.emulator("client", "server").set(Impairment.none());
        }
    }
}
