package connmonitor.probe;

/** The result of one measurement of one host: a ping burst, a route trace, a service scan, or a path summary. */
public sealed interface Measurement permits PingResult, TraceResult, ScanResult, PathResult {

    /** Which measurement loop produced it. */
    Kind kind();
}
