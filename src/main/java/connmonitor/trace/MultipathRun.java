package connmonitor.trace;

import connmonitor.config.Target;
import connmonitor.icmp.PacketControls;
import connmonitor.icmp.ProbeEngine;
import connmonitor.icmp.ProbeRequest;
import connmonitor.probe.PathSetResult;
import connmonitor.probe.ProbeTransport;
import connmonitor.probe.TraceResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One run of {@link MultipathProbe} for one host: rounds of flows traced at once, each round sized by
 * {@link MultipathRule} from the paths seen so far, until the rule is met or the flows run out. A round ends
 * when its last trace has; the next one starts from the timer thread (never on the engine's).
 */
final class MultipathRun {

    private final ProbeEngine engine;
    private final ScheduledExecutorService timer;
    private final Target target;
    private final PacketControls packets;
    private final int[] flowIds;
    private final List<List<InetAddress>> flowPaths = new ArrayList<>();
    private final CompletableFuture<PathSetResult> result = new CompletableFuture<>();
    private int flowsSent;

    MultipathRun(ProbeEngine engine, ScheduledExecutorService timer, Target target, PacketControls packets,
                 int[] flowIds) {
        this.engine = engine;
        this.timer = timer;
        this.target = target;
        this.packets = packets;
        this.flowIds = flowIds;
    }

    CompletableFuture<PathSetResult> start() {
        round(MultipathRule.flowsNeeded(1));
        return result;
    }

    private void round(int flows) {
        int hops = target.options().hops();
        List<CompletableFuture<TraceResult>> traces = new ArrayList<>(flows);
        for (int i = 0; i < flows; i++) {
            TraceRun run = new TraceRun(target.address(), hops, timer);
            engine.submit(new ProbeRequest(target.address(), hops, TraceProbe.PAYLOAD, 1, TraceProbe.TIMEOUT, true,
                    run, packets, ProbeTransport.of(target), ProbeTransport.port(target), flowIds[flowsSent++]));
            traces.add(run.result);
        }
        CompletableFuture.allOf(traces.toArray(CompletableFuture[]::new)).whenCompleteAsync((done, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof java.util.concurrent.CompletionException wrapped
                        && wrapped.getCause() != null ? wrapped.getCause() : failure);
                return;
            }
            for (CompletableFuture<TraceResult> trace : traces) {
                flowPaths.add(addresses(trace.join()));
            }
            next();
        }, timer);
    }

    private void next() {
        int more = Math.min(MultipathRule.moreFlows(flowPaths), flowIds.length - flowsSent);
        if (more > 0) {
            round(more);
            return;
        }
        int probes = flowsSent * target.options().hops();
        result.complete(new PathSetResult(PathMerger.distinct(flowPaths), flowsSent, probes));
    }

    /** The addresses of a trace's steps, {@code null} for {@code *}. */
    static List<InetAddress> addresses(TraceResult trace) {
        List<InetAddress> path = new ArrayList<>(trace.steps().size());
        for (TraceResult.Step step : trace.steps()) {
            path.add(step.address());
        }
        return path;
    }
}
