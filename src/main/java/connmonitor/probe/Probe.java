package connmonitor.probe;

import connmonitor.config.Target;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One kind of measurement. A probe only probes: when to run it, timing of loops, output, metrics and
 * the reporting of failures are done once, elsewhere. {@link #measure} must not block the caller:
 * thousands of hosts share a few threads.
 */
public interface Probe<R extends Measurement> {

    /**
     * Starts one measurement of the target. The future completes with the result once the measurement
     * is over (replies in or timed out), also when the host is down. It fails with a {@link ProbeFailure}
     * when the measurement could not be taken (wholly or in part) for a reason worth an error line; any
     * other exception is a fault of the program.
     */
    CompletableFuture<R> measure(Target target);

    /**
     * Told after a reload or a moved name which targets are measured from now on: a probe that keeps
     * something of a host between runs keeps it for these (an unchanged line of a reloaded config is an equal
     * target) and forgets the others. Most probes keep nothing.
     */
    default void retainOnly(Set<Target> measured) {
    }
}
