package connmonitor.ping;

import connmonitor.icmp.IcmpError;
import connmonitor.icmp.ProbeListener;
import connmonitor.probe.PingResult;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One ping burst in flight: collects the fate of each echo request and completes with the burst's
 * statistics once every request has been answered or has timed out. Called on the engine thread only.
 */
final class Burst implements ProbeListener {

    private static final double NANOS_PER_MILLI = 1_000_000.0;

    final CompletableFuture<PingResult> result = new CompletableFuture<>();
    private final long[] rttNanos;
    private final boolean[] answered;
    private int settled;
    private String sendFailure;

    Burst(int count) {
        rttNanos = new long[count];
        answered = new boolean[count];
    }

    @Override
    public void onEchoReply(int index, long rtt) {
        rttNanos[index] = rtt;
        answered[index] = true;
        settle();
    }

    @Override
    public void onIcmpError(int index, long rtt, InetAddress from, IcmpError error) {
        settle(); // unreachable or expired on the way: that request is lost
    }

    @Override
    public void onNoReply(int index) {
        settle();
    }

    @Override
    public void onSendFailed(int index, String reason) {
        if (sendFailure == null) {
            sendFailure = reason;
        }
        settle();
    }

    /** The first reason a request could not be sent, or null when all went out. */
    String sendFailure() {
        return sendFailure;
    }

    private void settle() {
        if (++settled < rttNanos.length) {
            return;
        }
        int received = 0;
        for (boolean a : answered) {
            received += a ? 1 : 0;
        }
        double[] millis = new double[received];
        int next = 0;
        for (int i = 0; i < rttNanos.length; i++) {
            if (answered[i]) {
                millis[next++] = rttNanos[i] / NANOS_PER_MILLI;
            }
        }
        result.complete(PingResult.of(rttNanos.length, millis));
    }
}
