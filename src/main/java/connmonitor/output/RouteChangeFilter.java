package connmonitor.output;

import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.TraceResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which records are printed: every ping and scan, but a trace only when its route differs
 * from the last route printed for that host (see {@link TraceResult#sameRouteAs}), with the hops that
 * trace lost filled in by the unprinted traces after it ({@link TraceResult#routeKnownAfter}).
 */
public final class RouteChangeFilter {

    private final Map<Target, TraceResult> lastPrinted = new ConcurrentHashMap<>();

    public boolean shouldPrint(Observation observation) {
        if (!(observation.measurement() instanceof TraceResult trace)) {
            return true;
        }
        TraceResult previous = lastPrinted.get(observation.target());
        lastPrinted.put(observation.target(), trace.routeKnownAfter(previous));
        return !trace.sameRouteAs(previous);
    }

    /**
     * Forgets every route: after a successful reload 4.1.3 restarts every collector, so each host's next
     * trace is printed again even when its route did not change.
     */
    public void forgetAll() {
        lastPrinted.clear();
    }

    /**
     * After a name moved to new addresses (resolve=): forgets the routes of targets no longer measured, so moves
     * do not pile up entries until the next reload. A target at a new address is a new target: its first trace
     * is printed, which shows the route to the new address once.
     */
    public void retainOnly(java.util.Collection<Target> targets) {
        Target.retainOnly(lastPrinted.keySet(), java.util.function.Function.identity(), targets);
    }

    /** How many hosts' routes are remembered (for tests). */
    int remembered() {
        return lastPrinted.size();
    }
}
