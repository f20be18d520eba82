package connmonitor.probe;

import connmonitor.config.Target;

/**
 * A finished measurement of a host, as it is printed and exported.
 *
 * @param epochMicros wall-clock time the measurement finished, microseconds since the Unix epoch
 */
public record Observation(Target target, Measurement measurement, long epochMicros) {
}
