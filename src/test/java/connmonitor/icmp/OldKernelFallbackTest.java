package connmonitor.icmp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a kernel before 6.13 does to batched sends: it knows no per-packet timestamp id and refuses the
 * batch with EINVAL. This kernel knows it, so the batches here carry a control message type no kernel
 * knows, which draws the same EINVAL. The engine must then send that batch's packets one by one, every
 * later packet too, and lose none of them nor the truth of their round trips.
 */
@Tag("root")
class OldKernelFallbackTest {

    private static final int UNKNOWN_TYPE = 0x7fff;

    @AfterEach
    void knownTypeAgain() {
        SendStamps.timestampIdType = SendStamps.SCM_TS_OPT_ID;
    }

    private static BurstRecorder burst(IcmpEngine engine, InetAddress host) throws InterruptedException {
        BurstRecorder recorder = new BurstRecorder(SendBatch.SIZE);
        engine.submit(ProbeRequest.echo(host, SendBatch.SIZE, 56, Duration.ofSeconds(2), recorder, PacketControls.NONE));
        assertThat(recorder.done.await(10, TimeUnit.SECONDS)).isTrue();
        return recorder;
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aRefusedBatchIsSentOneByOneAndSoIsEverythingAfterIt(String address) throws Exception {
        InetAddress host = InetAddress.ofLiteral(address);
        boolean ipv6 = host.getAddress().length == 16;
        SendStamps.timestampIdType = UNKNOWN_TYPE;
        try (IcmpEngine engine = IcmpEngine.start(true, Throwable::printStackTrace)) {
            assertThat(engine.sendsInBatches(ipv6)).as("batches until the kernel refuses one").isTrue();
            BurstRecorder first = burst(engine, host);
            assertThat(first.replies).as("the refused batch, sent again one by one").hasValue(SendBatch.SIZE);
            assertThat(engine.sendsInBatches(ipv6)).as("no batches after a refusal").isFalse();
            for (int b = 0; b < 20; b++) {
                assertThat(burst(engine, host).replies).hasValue(SendBatch.SIZE);
            }
        }
    }

    /** One by one, each packet is timed from just before its own sendto, as iputils ping times its packets. */
    @Test
    void roundTripsOneByOneReadLikeThePacketsTimesOnTheWire() throws Exception {
        SendStamps.timestampIdType = UNKNOWN_TYPE;
        InetAddress loopback = InetAddress.ofLiteral("127.0.0.1");
        int bursts = 60;
        long[] rtts = new long[bursts * SendBatch.SIZE];
        double wire;
        try (LoopbackWire witness = new LoopbackWire()) {
            for (int b = -100; b < bursts; b++) { // the first 100 warm the JIT, as in BatchedSendTimesTest
                if (b == 0) {
                    witness.watch();
                }
                BurstRecorder recorder = burst(witness.engine, loopback);
                assertThat(recorder.replies).hasValue(SendBatch.SIZE);
                if (b >= 0) {
                    System.arraycopy(recorder.rtts, 0, rtts, b * SendBatch.SIZE, SendBatch.SIZE);
                }
                Thread.sleep(b < 0 ? 1 : 20);
            }
            assertThat(witness.engine.sendsInBatches(false)).isFalse();
            wire = witness.wireMedianMicros(rtts.length * 9 / 10);
        }
        Arrays.sort(rtts);
        double median = rtts[rtts.length / 2] / 1000.0;
        System.out.printf("loopback, one by one (batches refused): median RTT %.1f us; the same packets on the wire "
                + "(tcpdump) %.1f us%n", median, wire);
        assertThat(rtts[0]).isPositive();
        // ours exceeds the wire by the way from the clock to the device: 4.8-6.6 us against the wire's 1.8-2.5
        // in five runs (2026-11-30, load 2.5). iputils ping, 2 ms apart, read 3 us here and 19 us in a CI run
        // where ours read 3.2: its own packets, slowed by its sleeps, were the wrong witness for ours.
        assertThat(median - wire).isBetween(-2.0, 15.0);
    }
}
