package connmonitor.output;

import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PathSetResult;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides which path sets ({@code paths=}) are printed: a host's first, then only one that differs from the last
 * one printed for it ({@link PathSetResult#samePathsAs}: a {@code *} matches anything). Unlike routes, a reload
 * keeps the last set of every host whose line did not change: these records exist to show changes, and a
 * reload is not one. Every other record passes. One thread calls it.
 */
final class PathSetFilter {

    private final Map<Target, PathSetResult> lastPrinted = new HashMap<>();

    boolean shouldPrint(Observation observation) {
        if (!(observation.measurement() instanceof PathSetResult paths)) {
            return true;
        }
        PathSetResult previous = lastPrinted.get(observation.target());
        lastPrinted.put(observation.target(), paths.pathsKnownAfter(previous)); // its *s filled in by later sets
        return !paths.samePathsAs(previous);
    }

    /** Forgets the hosts no longer measured (a reload removed or changed their line, or their name moved). */
    void retainOnly(Collection<Target> targets) {
        Target.retainOnly(lastPrinted.keySet(), Function.identity(), targets);
    }
}
