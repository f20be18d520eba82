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
 */
public record Options(double pingMillis, int numPings, int payload, double traceMillis, int hops,
                      double scanMillis, boolean json, boolean timestamp) {

    public static final Options DEFAULTS = new Options(500, 10, 41, 0, 30, 0, false, true);

    public boolean pings() {
        return pingMillis > 0;
    }

    public boolean traces() {
        return traceMillis > 0;
    }

    public boolean scans() {
        return scanMillis > 0;
    }
}
