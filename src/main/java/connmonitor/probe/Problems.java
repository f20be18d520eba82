package connmonitor.probe;

import connmonitor.config.Target;

/**
 * Where the scheduler reports failed measurements, worth an EE line, and their recovery.
 * Implementations decide how often to repeat them.
 */
public interface Problems {

    /** Something prevented (part of) a measurement of this target; type is the EE error type. */
    void report(Target target, Kind kind, String type, String description);

    /** A measurement of this target and kind succeeded: a condition reported earlier has gone away. */
    void clear(Target target, Kind kind);
}
