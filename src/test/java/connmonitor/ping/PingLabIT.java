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
        List<JsonNode> ours = records(server + " ping=50 numpings=10 json=1\n", 10);
        double avg = ours.stream().mapToDouble(r -> r.get("avg").asDouble()).average().orElseThrow();
        PingOutput iputils = PingOutput.parse(lab.exec("client", "ping", "-n", "-q", "-c", "50", "-i", "0.05", server).stdout());
        System.out.printf("20 ms path: connmonitor avg %.4f ms, iputils ping avg %.4f ms%n", avg, iputils.avg());
        assertThat(ours).allSatisfy(r -> {
            assertThat(r.get("loss").asDouble()).isZero();
            assertThat(r.get("min").asDouble()).isGreaterThanOrEqualTo(20.0);
        });
        assertThat(avg).isCloseTo(20.0, within(0.5));
        assertThat(avg).isCloseTo(iputils.avg(), within(0.2));
    }

    @Test
    void thirtyPercentLossReadsThirtyPercentAndMatchesTheEmulatorsDrops() throws Exception {
        lab.emulator("client", "server").set(Impairment.none());
        lab.emulator("client", "server").direction("client").set(Impairment.none().loss(30));
        lab.emulator("client", "server").direction("client").reset();
        try {
            // a burst with a loss waits out the 2 s reply timeout: few large bursts keep this test short
            List<JsonNode> bursts = records(lab.ipv4("server").getHostAddress() + " ping=10 numpings=200 json=1\n", 6);
            double lost = bursts.stream().mapToDouble(r -> r.get("loss").asDouble() / 100 * 200).sum();
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
