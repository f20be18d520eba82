package connmonitor.output;

import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.TraceResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which records are printed: every ping and scan, but a trace only when its route differs
 * from the last route printed for that host (answering addresses in order, {@code *} ignored).
 */
public final class RouteChangeFilter {

    private final Map<Target, TraceResult> lastPrinted = new ConcurrentHashMap<>();

    public boolean shouldPrint(Observation observation) {
        if (!(observation.measurement() instanceof TraceResult trace)) {
            return true;
        }
        TraceResult previous = lastPrinted.get(observation.target());
        if (trace.sameRouteAs(previous)) {
            return false;
        }
        lastPrinted.put(observation.target(), trace);
        return true;
    }

    /** Forgets hosts that a reload removed. */
    public void retainOnly(java.util.Collection<Target> targets) {
        var keep = java.util.Set.copyOf(targets);
        lastPrinted.keySet().removeIf(target -> !keep.contains(target));
    }
}
