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
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    private final int seeds;
    private final Consumer<int[]> remember;
    private final List<List<InetAddress>> flowPaths = new ArrayList<>();
    private final CompletableFuture<PathSetResult> result = new CompletableFuture<>();
    private int flowsSent;

    /**
     * @param flowIds  the flows to send, in this order; the first {@code seeds} of them each found a path of
     *                 its own in the host's last run, so the paths still there are met again for sure
     * @param remember told, at the end, one flow for each path found: the next run's seeds
     */
    MultipathRun(ProbeEngine engine, ScheduledExecutorService timer, Target target, PacketControls packets,
                 int[] flowIds, int seeds, Consumer<int[]> remember) {
        this.engine = engine;
        this.timer = timer;
        this.target = target;
        this.packets = packets;
        this.flowIds = flowIds;
        this.seeds = seeds;
        this.remember = remember;
    }

    CompletableFuture<PathSetResult> start() {
        // With no path known yet, a first round of n_1 = 6 flows misses one of two even branches 1 time in 32,
        // and the host's next run prints a change that is not there; n_2 = 11 flows make that 1 in 1,024, once
        // per host. Later runs start from their seeds, which meet every known path.
        round(Math.max(MultipathRule.flowsNeeded(seeds == 0 ? 2 : 1), seeds));
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
                result.completeExceptionally(failure instanceof CompletionException wrapped
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
        List<List<InetAddress>> paths = PathMerger.distinct(flowPaths);
        remember.accept(representatives(paths));
        result.complete(new PathSetResult(paths, flowsSent, probes));
    }

    /** For each path, the flow with the fewest silent hops that took it (one with none matches no other path). */
    private int[] representatives(List<List<InetAddress>> paths) {
        int[] flows = new int[paths.size()];
        for (int path = 0; path < paths.size(); path++) {
            long fewest = Long.MAX_VALUE;
            for (int flow = 0; flow < flowPaths.size(); flow++) {
                long silent = flowPaths.get(flow).stream().filter(hop -> hop == null).count();
                if (silent < fewest && PathSetResult.sameRoute(paths.get(path), flowPaths.get(flow))) {
                    flows[path] = flowIds[flow];
                    fewest = silent;
                }
            }
        }
        return flows;
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
