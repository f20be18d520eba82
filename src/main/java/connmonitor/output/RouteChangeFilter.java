package connmonitor.output;

import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.TraceResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which records are printed: every ping and scan, but a trace only when its route differs
 * from the last route printed for that host (see {@link TraceResult#sameRouteAs}).
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

    /**
     * Forgets every route: after a successful reload 4.1.3 restarts every collector, so each host's next
     * trace is printed again even when its route did not change.
     */
    public void forgetAll() {
        lastPrinted.clear();
    }
}
