package connmonitor.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects records into per-host series, keeping the whole report inside a fixed budget of time buckets
 * so the page stays small and memory stays flat however long the logs are.
 */
final class ReportBuilder {

    /** Points per chart at most: more than a wide screen has pixels across. */
    static final int MAX_BUCKETS_PER_HOST = 4000;
    /** Points on the whole page: about 3 MB of data, so the HTML stays under 5 MB. */
    static final int MAX_BUCKETS_TOTAL = 40_000;
    /** Even with thousands of hosts each chart keeps some shape. */
    static final int MIN_BUCKETS_PER_HOST = 20;

    private final Filter filter;
    /** Keyed by host name and vantage: a host seen from two monitors is two series, side by side. */
    private final Map<List<String>, HostSeries> hosts = new HashMap<>();
    private int limit = MAX_BUCKETS_PER_HOST;

    ReportBuilder(Filter filter) {
        this.filter = filter;
    }

    /** Adds the record when the filter lets it through; false when filtered out. */
    boolean accept(LogRecord record) {
        if (!filter.accepts(record)) {
            return false;
        }
        List<String> key = List.of(record.name(), record.origin().vantage());
        HostSeries host = hosts.get(key);
        if (host == null) {
            host = new HostSeries(record.name(), record.origin().vantage());
            hosts.put(key, host);
            limit = bucketsPerHost(hosts.size());
        }
        host.add(record);
        if (host.buckets() > limit) {
            host.fitInto(limit);
        }
        return true;
    }

    Report build(List<FileStats> files, Instant generatedAt) {
        int finalLimit = bucketsPerHost(hosts.size());
        List<HostSeries> sorted = new ArrayList<>(hosts.values());
        sorted.sort(Comparator.<HostSeries, String>comparing(h -> h.name).thenComparing(h -> h.vantage));
        sorted.forEach(host -> host.fitInto(finalLimit));
        return new Report(List.copyOf(sorted), List.copyOf(files), filter, generatedAt);
    }

    static int bucketsPerHost(int hostCount) {
        return Math.clamp(MAX_BUCKETS_TOTAL / Math.max(1, hostCount), MIN_BUCKETS_PER_HOST, MAX_BUCKETS_PER_HOST);
    }
}
