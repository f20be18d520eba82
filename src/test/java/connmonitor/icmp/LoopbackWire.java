package connmonitor.icmp;

import connmonitor.support.EchoCapture;
import connmonitor.support.EchoCapture.WireEcho;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine of its own identifiers on loopback, and what tcpdump saw of its echoes there: the witness its
 * round trips are checked against. Loopback's time on the wire is the kernel's own round trip, so a tool's
 * RTT exceeds it by no more than the tool's way from its clock to the device; comparing with another tool
 * instead (iputils ping, 2 ms apart) compared its packets, slowed by its sleeps, with ours.
 */
final class LoopbackWire implements AutoCloseable {

    final IcmpEngine engine;
    private final int base = ThreadLocalRandom.current().nextInt(1 << 16);
    private EchoCapture capture;

    LoopbackWire() {
        engine = IcmpEngine.startShard(true, Throwable::printStackTrace, base, "loopback-wire", 0);
    }

    /** From now on, loopback's echoes are captured. */
    void watch() throws IOException {
        capture = EchoCapture.start(List.of(), "lo");
    }

    /** The median wire round trip in microseconds of this engine's echoes since {@link #watch}; at least {@code least} of them. */
    double wireMedianMicros(int least) throws IOException, InterruptedException {
        double[] rtts = capture.stop().stream()
                .filter(e -> e.answered() && ((e.identifier() - base) & 0xffff) < IcmpEngine.IDENTIFIERS)
                .mapToDouble(WireEcho::rttMillis).sorted().toArray();
        assertThat(rtts.length).as("our echoes seen on loopback").isGreaterThanOrEqualTo(least);
        return rtts[rtts.length / 2] * 1000;
    }

    @Override
    public void close() throws IOException {
        engine.close();
        if (capture != null) {
            capture.close();
        }
    }
}
