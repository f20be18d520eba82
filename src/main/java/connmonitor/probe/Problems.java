package connmonitor.probe;

import connmonitor.config.Target;

/**
 * Where probes report conditions worth an EE line that are not a measurement result (a host with no
 * route, a refused socket). Implementations decide how often to repeat them.
 */
public interface Problems {

    /** Something prevented (part of) a measurement of this target; type is the EE error type. */
    void report(Target target, Kind kind, String type, String description);

    /** The condition reported earlier for this target and kind has gone away. */
    void clear(Target target, Kind kind);
}
