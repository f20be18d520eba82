package connmonitor.report;

import java.util.Map;
import java.util.Set;

/**
 * Which records go into the report: a time window (ms since the epoch, inclusive) and, when not empty,
 * only the hosts named (by config name or address), only hosts with every label given ({@code --label
 * site=fra1}), and only the monitors named ({@code --vantage}).
 */
record Filter(double since, double until, Set<String> hosts, Map<String, String> labels, Set<String> vantages) {

    static final Filter ALL = new Filter(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Set.of());

    Filter {
        hosts = Set.copyOf(hosts);
        labels = Map.copyOf(labels);
        vantages = Set.copyOf(vantages);
    }

    Filter(double since, double until, Set<String> hosts) {
        this(since, until, hosts, Map.of(), Set.of());
    }

    boolean accepts(LogRecord record) {
        return record.timestamp() >= since && record.timestamp() <= until
                && (hosts.isEmpty() || hosts.contains(record.name()) || hosts.contains(record.addr()))
                && (vantages.isEmpty() || vantages.contains(record.origin().vantage()))
                && record.origin().labels().entrySet().containsAll(labels.entrySet());
    }
}
