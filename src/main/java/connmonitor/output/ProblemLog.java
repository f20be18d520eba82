package connmonitor.output;

import connmonitor.config.Target;
import connmonitor.probe.Kind;
import connmonitor.probe.Problems;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs probe problems as EE lines, once when a condition starts (or changes), not on every run: a host
 * without a route pinged twice a second would otherwise flood stderr for days.
 */
public final class ProblemLog implements Problems {

    private record Key(Target target, Kind kind) {
    }

    private final Log log;
    private final Map<Key, String> current = new ConcurrentHashMap<>();

    public ProblemLog(Log log) {
        this.log = log;
    }

    @Override
    public void report(Target target, Kind kind, String type, String description) {
        String previous = current.put(new Key(target, kind), type + description);
        if (!Objects.equals(previous, type + description)) {
            log.error(type, "line " + target.line() + ": " + description);
        }
    }

    @Override
    public void clear(Target target, Kind kind) {
        // every successful run of every host ends here: with no open problem, skip hashing the target
        // (a record hash over all its options; 25,000 times a second at 25,000 hosts, on the engine thread)
        if (current.isEmpty()) {
            return;
        }
        if (current.remove(new Key(target, kind)) != null) {
            log.warn("line " + target.line() + ": " + kind.word() + " of " + target.name() + " works again");
        }
    }

    /** How many problems are open now (reported and not yet cleared). */
    public int active() {
        return current.size();
    }

    /** Forgets hosts that a reload removed, so the map stays as large as the config. */
    public void retainOnly(java.util.Collection<Target> targets) {
        Target.retainOnly(current.keySet(), Key::target, targets);
    }
}
