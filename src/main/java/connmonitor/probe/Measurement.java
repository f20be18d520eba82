package connmonitor.probe;

/** The result of one measurement of one host: a ping burst, a route trace or a service scan. */
public sealed interface Measurement permits PingResult, TraceResult, ScanResult {

    /** Which measurement loop produced it. */
    Kind kind();
}
