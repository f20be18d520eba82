package connmonitor.trace;

import connmonitor.icmp.IcmpError;
import connmonitor.icmp.ProbeListener;
import connmonitor.probe.TraceResult;
import connmonitor.probe.Unmeasurable;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One trace in flight: probe i went out with TTL i+1, all at once. The trace is complete as soon as
 * the first step that reached the host (or a router that says the host is unreachable) is known and
 * every step before it has answered, timed out, or stayed silent for the grace below. Answers arrive
 * on the engine thread, the grace ends on the timer thread; methods are synchronized for that.
 */
final class TraceRun implements ProbeListener {

    /**
     * How long a hop still silent when the host has answered is waited for: this many times the host's
     * round trip, and at least {@link #MIN_SILENT_GRACE} (a hop nearer than the host that answers
     * later than that is treated as silent, like traceroute's "near" wait).
     */
    static final int SILENT_GRACE_FACTOR = 5;
    static final Duration MIN_SILENT_GRACE = Duration.ofMillis(500);

    final CompletableFuture<TraceResult> result = new CompletableFuture<>();
    private final InetAddress destination;
    private final ScheduledExecutorService timer;
    private final InetAddress[] responders;
    private final long[] rttNanos;
    private final boolean[] settled;
    /** Lowest TTL index known to end the route: the host answered, or a router refused. */
    private int end;
    private boolean reached;
    private int failedSends;
    private String sendFailure;
    private ScheduledFuture<?> grace;

    TraceRun(InetAddress destination, int hops, ScheduledExecutorService timer) {
        this.destination = destination;
        this.timer = timer;
        this.responders = new InetAddress[hops];
        this.rttNanos = new long[hops];
        this.settled = new boolean[hops];
        this.end = hops - 1;
    }

    @Override
    public synchronized void onEchoReply(int index, long rtt) {
        answered(index, destination, rtt, true);
    }

    @Override
    public synchronized void onIcmpError(int index, long rtt, InetAddress from, IcmpError error) {
        // an unreachable message ends the route where it was sent (traceroute's !H, !N, !X)
        answered(index, from, rtt, error == IcmpError.UNREACHABLE || from.equals(destination));
    }

    @Override
    public synchronized void onNoReply(int index) {
        settle(index);
    }

    @Override
    public synchronized void onSendFailed(int index, String reason) {
        failedSends++;
        sendFailure = reason;
        settle(index);
    }

    private void answered(int index, InetAddress from, long rtt, boolean endsRoute) {
        responders[index] = from;
        rttNanos[index] = rtt;
        if (endsRoute && index <= end) {
            end = index;
            reached = from.equals(destination);
            if (grace == null) {
                long wait = Math.max(MIN_SILENT_GRACE.toNanos(), SILENT_GRACE_FACTOR * rtt);
                grace = timer.schedule(this::giveUpOnSilentHops, wait, TimeUnit.NANOSECONDS);
            }
        }
        settle(index);
    }

    private synchronized void giveUpOnSilentHops() {
        if (!result.isDone()) {
            complete();
        }
    }

    private void settle(int index) {
        settled[index] = true;
        if (result.isDone()) {
            return;
        }
        for (int i = 0; i <= end; i++) {
            if (!settled[i]) {
                return;
            }
        }
        if (failedSends == settled.length) {
            result.completeExceptionally(new Unmeasurable("NetworkError", "cannot trace " + destination.getHostAddress()
                    + ": " + sendFailure));
            return;
        }
        complete();
    }

    private void complete() {
        if (grace != null) {
            grace.cancel(false);
        }
        List<TraceResult.Step> steps = new ArrayList<>(end + 1);
        for (int i = 0; i <= end; i++) {
            steps.add(responders[i] == null ? TraceResult.Step.NO_ANSWER
                    : TraceResult.Step.answered(responders[i], rttNanos[i] / 1_000_000.0));
        }
        result.complete(new TraceResult(steps, reached));
    }
}
