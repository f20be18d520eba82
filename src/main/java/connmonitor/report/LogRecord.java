package connmonitor.report;

import java.util.List;
import java.util.Map;

/**
 * One JSON record of the log, reduced to what the report and the live view's history draw. Times are ms since
 * the epoch. Read by {@link RecordLog} (the one reader of record logs) and {@link RecordParser}.
 */
public sealed interface LogRecord extends ParsedLine {

    /** The host as written in the config; records are grouped by it. */
    String name();

    String addr();

    double timestamp();

    /** Which monitor measured it and the host's own labels, as the record says ("vantage", "labels"). */
    Origin origin();

    /**
     * @param vantage the monitor's --vantage name, or empty for a monitor without one (and every 4.1.3 log)
     * @param labels  the host's {@code label.NAME=VALUE} options
     */
    record Origin(String vantage, Map<String, String> labels) {

        static final Origin NONE = new Origin("", Map.of());

        public Origin {
            labels = Map.copyOf(labels);
        }
    }

    /**
     * A ping burst; an unanswered burst has loss 100 and RTTs of -1.
     *
     * @param quantiles the burst's RTT quantiles at {@link connmonitor.probe.RttQuantiles#LEVELS} when the record
     *                  has them ({@code quantiles=1}), else empty
     */
    record Ping(String name, String addr, double timestamp, double min, double avg, double max, double std,
                double loss, double[] quantiles, Origin origin) implements LogRecord {

        Ping(String name, String addr, double timestamp, double min, double avg, double max, double std, double loss) {
            this(name, addr, timestamp, min, avg, max, std, loss, new double[0], Origin.NONE);
        }

        Ping(String name, String addr, double timestamp, double min, double avg, double max, double std, double loss,
             Origin origin) {
            this(name, addr, timestamp, min, avg, max, std, loss, new double[0], origin);
        }

        Ping(String name, String addr, double timestamp, double min, double avg, double max, double std, double loss,
             double[] quantiles) {
            this(name, addr, timestamp, min, avg, max, std, loss, quantiles, Origin.NONE);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Ping p && name.equals(p.name) && addr.equals(p.addr)
                    && Double.compare(timestamp, p.timestamp) == 0 && Double.compare(min, p.min) == 0
                    && Double.compare(avg, p.avg) == 0 && Double.compare(max, p.max) == 0
                    && Double.compare(std, p.std) == 0 && Double.compare(loss, p.loss) == 0
                    && java.util.Arrays.equals(quantiles, p.quantiles) && origin.equals(p.origin);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(name, addr, timestamp, avg, loss, origin);
        }

        boolean answered() {
            return loss < 100 && avg >= 0;
        }
    }

    /** A route; a step with a null address is a {@code *} (no answer). */
    record Trace(String name, String addr, double timestamp, List<Step> steps, Origin origin) implements LogRecord {

        Trace(String name, String addr, double timestamp, List<Step> steps) {
            this(name, addr, timestamp, steps, Origin.NONE);
        }

        public record Step(String address, double rttMillis) {
        }
    }

    /** A path record ({@code path=}): per hop, mtr's columns over the daemon's window; RTTs are -1 when none. */
    record Path(String name, String addr, double timestamp, List<Hop> hops, Origin origin) implements LogRecord {

        Path(String name, String addr, double timestamp, List<Hop> hops) {
            this(name, addr, timestamp, hops, Origin.NONE);
        }

        public record Hop(int hop, String address, int sent, double loss, double last, double avg, double best,
                   double worst, double jitter) {
        }
    }

    /**
     * A path-set record ({@code paths=MS}): the distinct paths to the host, each its hop addresses from TTL 1
     * ({@code *} for a silent hop), as the record lists them; flows and probes are the effort of the run that
     * found them, -1 when the record does not say. The daemon writes one only when the set changes.
     */
    record PathSet(String name, String addr, double timestamp, List<List<String>> paths, int flows, int probes,
                   Origin origin) implements LogRecord {

        public PathSet {
            paths = paths.stream().map(List::copyOf).toList();
        }

        PathSet(String name, String addr, double timestamp, List<List<String>> paths, int flows, int probes) {
            this(name, addr, timestamp, paths, flows, probes, Origin.NONE);
        }
    }

    /** A service scan; a service that is null was not there ("None"). */
    record Scan(String name, String addr, double timestamp, Answer http, Answer https, Answer mysql,
                Origin origin) implements LogRecord {

        Scan(String name, String addr, double timestamp, Answer http, Answer https, Answer mysql) {
            this(name, addr, timestamp, http, https, mysql, Origin.NONE);
        }

        /** What the scan found for one service: its answer, or null when it was not there. */
        Answer answer(Service service) {
            return switch (service) {
                case HTTP -> http;
                case HTTPS -> https;
                case MYSQL -> mysql;
            };
        }

        /**
         * A service that answered, with its RTT and a one-line description (code and server, or version), and
         * what it said as the record has it: {@code code}, {@code server} and {@code verified} for HTTP(S),
         * {@code version} and {@code error} for MySQL; null where the record has none.
         */
        public record Answer(double rttMillis, String detail, String code, String server, String version, String error,
                      Boolean verified) {
        }
    }
}
