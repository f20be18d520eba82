package connmonitor.report;

import java.util.Set;

/**
 * Which records go into the report: a time window (ms since the epoch, inclusive) and, when not empty,
 * only the hosts named (by config name or address).
 */
record Filter(double since, double until, Set<String> hosts) {

    static final Filter ALL = new Filter(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Set.of());

    boolean accepts(LogRecord record) {
        return record.timestamp() >= since && record.timestamp() <= until
                && (hosts.isEmpty() || hosts.contains(record.name()) || hosts.contains(record.addr()));
    }
}
