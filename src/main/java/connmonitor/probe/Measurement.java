package connmonitor.probe;

/** The result of one measurement of one host: a ping burst, a route trace, a service scan, a path summary, or
 * the set of every path to a host. */
public sealed interface Measurement permits PingResult, TraceResult, ScanResult, PathResult,
        PathSetResult {

    /** Which measurement loop produced it. */
    Kind kind();
}
