package connmonitor.config;

/**
 * The options of one config line, with the defaults of connmonitor 4.x.
 *
 * @param pingMillis  wait between ping bursts; 0 disables pings
 * @param numPings    echo requests per burst
 * @param payload     payload bytes per echo request
 * @param traceMillis wait between route traces; 0 disables traces
 * @param hops        maximum TTL of a trace
 * @param scanMillis  wait between service scans; 0 disables scans
 * @param json        JSON records instead of plaintext
 * @param timestamp   add a timestamp to every record
 * @param probes      probes per hop per trace (ours; 1 as 4.1.3)
 * @param pathMillis  how often a path record with per-hop statistics is printed; 0 (4.1.3) keeps none
 * @param quantiles   JSON ping records also carry the quantiles of the burst's single RTTs (ours; off as 4.1.3)
 * @param pathsMillis wait between runs that look for every equal-cost path ({@code paths=}); 0 (4.1.3) runs none
 */
public record Options(double pingMillis, int numPings, int payload, double traceMillis, int hops,
                      double scanMillis, boolean json, boolean timestamp, int probes, double pathMillis,
                      boolean quantiles, double pathsMillis) {

    public static final Options DEFAULTS = new Options(500, 10, 41, 0, 30, 0, false, true, 1, 0, false, 0);

    /** The options before paths= existed. */
    public Options(double pingMillis, int numPings, int payload, double traceMillis, int hops, double scanMillis,
                   boolean json, boolean timestamp, int probes, double pathMillis, boolean quantiles) {
        this(pingMillis, numPings, payload, traceMillis, hops, scanMillis, json, timestamp, probes, pathMillis,
                quantiles, 0);
    }

    /** The options before quantiles= existed. */
    public Options(double pingMillis, int numPings, int payload, double traceMillis, int hops, double scanMillis,
                   boolean json, boolean timestamp, int probes, double pathMillis) {
        this(pingMillis, numPings, payload, traceMillis, hops, scanMillis, json, timestamp, probes, pathMillis, false);
    }

    /** The options of connmonitor 4.1.3, with ours at their defaults. */
    public Options(double pingMillis, int numPings, int payload, double traceMillis, int hops, double scanMillis,
                   boolean json, boolean timestamp) {
        this(pingMillis, numPings, payload, traceMillis, hops, scanMillis, json, timestamp, 1, 0);
    }

    public boolean pings() {
        return pingMillis > 0;
    }

    public boolean traces() {
        return traceMillis > 0;
    }

    public boolean scans() {
        return scanMillis > 0;
    }

    /** Whether per-hop statistics are kept (and printed every {@code pathMillis}): only for traced hosts. */
    public boolean keepsPath() {
        return traces() && pathMillis > 0;
    }
}
