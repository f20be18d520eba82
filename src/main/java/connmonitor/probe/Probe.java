package connmonitor.probe;

import connmonitor.config.Target;
import java.util.concurrent.CompletableFuture;

/**
 * One kind of measurement. A probe only probes: when to run it, timing of loops, output and metrics
 * are done once, elsewhere. {@link #measure} must not block the caller: thousands of hosts share a
 * few threads.
 */
public interface Probe<R extends Measurement> {

    /**
     * Starts one measurement of the target. The future completes with the result once the measurement
     * is over (replies in or timed out); it completes exceptionally only for faults of the program or
     * the machine, never because a host is down.
     */
    CompletableFuture<R> measure(Target target);
}
