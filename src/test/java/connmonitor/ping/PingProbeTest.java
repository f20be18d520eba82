package connmonitor.ping;

import connmonitor.config.Target;
import connmonitor.icmp.IcmpEngine;
import connmonitor.icmp.SocketMode;
import connmonitor.probe.PingResult;
import connmonitor.support.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Real echo requests to loopback addresses through the shared engine. */
@Tag("root")
class PingProbeTest {

    private static IcmpEngine engine;

    @BeforeAll
    static void start() {
        engine = IcmpEngine.start(true, Throwable::printStackTrace);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static PingResult ping(String host, int count, int payload) throws Exception {
        Target target = Targets.of(host, Targets.pings(count, payload));
        return new PingProbe(engine).measure(target).get(10, TimeUnit.SECONDS);
    }

    @Test
    void engineUsesRawSocketsWhenRunAsRoot() {
        assertThat(engine.mode(false)).isEqualTo(SocketMode.RAW);
        assertThat(engine.mode(true)).isEqualTo(SocketMode.RAW);
    }

    @Test
    void everyEchoToLoopbackIsAnswered() throws Exception {
        PingResult result = ping("127.0.0.1", 10, 41);
        assertThat(result.loss()).isZero();
        assertThat(result.sent()).isEqualTo(10);
        assertThat(result.received()).isEqualTo(10);
        assertThat(result.min()).isPositive().isLessThanOrEqualTo(result.avg());
        assertThat(result.avg()).isLessThanOrEqualTo(result.max());
        assertThat(result.max()).isLessThan(50.0); // loopback: well under a millisecond normally
        assertThat(result.std()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void otherLoopbackAddressesAndIpv6Answer() throws Exception {
        assertThat(ping("127.0.0.2", 5, 41).loss()).isZero();
        assertThat(ping("127.45.3.9", 5, 41).loss()).isZero();
        assertThat(ping("::1", 5, 41).loss()).isZero();
    }

    @Test
    void tinyAndHugePayloadsAreEchoed() throws Exception {
        assertThat(ping("127.0.0.1", 3, 1).received()).isEqualTo(3);
        assertThat(ping("127.0.0.1", 3, 65_507).received()).isEqualTo(3);
        assertThat(ping("::1", 3, 60_000).received()).isEqualTo(3);
    }

    @Test
    void manyConcurrentBurstsNeverShareReplies() throws Exception {
        List<CompletableFuture<PingResult>> bursts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String host = "127.0." + (i / 200) + "." + (1 + i % 200);
            bursts.add(new PingProbe(engine).measure(Targets.of(host, Targets.pings(10, 41))));
        }
        for (CompletableFuture<PingResult> burst : bursts) {
            PingResult result = burst.get(10, TimeUnit.SECONDS);
            assertThat(result.received()).isEqualTo(10);
            assertThat(result.loss()).isZero();
        }
    }
}
