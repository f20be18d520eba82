package connmonitor.trace;

import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.TraceResult;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps a {@link PathWindow} for every host with {@code path=} and says when its path record is due: at
 * the first trace that finishes at least {@code path} ms after the last record (the first one {@code path}
 * ms after the first trace). Windows of hosts that a reload keeps carry on. One thread calls it.
 */
public final class PathTracker {

    /** mtr's statistics are since start; ours cover the last this many traces, so old paths age out. */
    public static final int WINDOW_ROUNDS = 100;

    private final Map<Target, State> states = new HashMap<>();

    private static final class State {
        final PathWindow window = new PathWindow(WINDOW_ROUNDS);
        long lastRecordMicros;

        State(long firstTraceMicros) {
            lastRecordMicros = firstTraceMicros;
        }
    }

    /** Adds a finished trace to its host's window; the path record when one is due. */
    public Optional<Observation> observe(Observation observation) {
        Target target = observation.target();
        if (!(observation.measurement() instanceof TraceResult trace) || !target.options().keepsPath()) {
            return Optional.empty();
        }
        State state = states.computeIfAbsent(target, unused -> new State(observation.epochMicros()));
        state.window.add(trace);
        long periodMicros = (long) (target.options().pathMillis() * 1000);
        if (observation.epochMicros() - state.lastRecordMicros < periodMicros) {
            return Optional.empty();
        }
        state.lastRecordMicros = observation.epochMicros();
        return Optional.of(new Observation(target, state.window.result(), observation.epochMicros()));
    }

    /** Forgets the hosts a reload removed. */
    public void retainOnly(Collection<Target> targets) {
        Target.retainOnly(states.keySet(), Function.identity(), targets);
    }
}
