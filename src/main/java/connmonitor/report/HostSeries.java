package connmonitor.report;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the report keeps about one host: its pings and scans in time buckets, its routes and the
 * totals of its summary row. Memory is bounded by the number of buckets, not by the number of records:
 * when a host has more buckets than its budget, the buckets widen to the next step of {@link #WIDTHS_MS}
 * and neighbours merge. Buckets are aligned to multiples of their width since the epoch and each width
 * divides the next, so merging is exact and the final width is the narrowest step that fits the budget,
 * in whatever order the records came.
 */
final class HostSeries {

    /** Bucket widths in ms, round ones a reader knows (5 s, 30 s, 5 min, 30 min, 3 h...), each dividing the next. */
    static final long[] WIDTHS_MS = {10, 50, 100, 500, 1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000,
        1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000};
    static final double SUMMARY_BIN_WIDTH = 0.005;
    private static final int MAX_ADDRESSES = 8;

    final String name;
    /** The monitor that measured it (--vantage), empty when none was named. */
    final String vantage;
    /** The host's own labels, from its latest record. */
    Map<String, String> labels = Map.of();
    final Set<String> addresses = new LinkedHashSet<>();
    private int step;
    private long widthMs = WIDTHS_MS[0];
    private TreeMap<Long, PingBucket> ping = new TreeMap<>();
    private TreeMap<Long, ScanBucket> scan = new TreeMap<>();
    private long lastPingKey = Long.MIN_VALUE;
    private PingBucket lastPing;
    final RouteHistory routes = new RouteHistory();
    /** Its sets of paths over time ({@code paths=MS} records). */
    final PathSetHistory pathSets = new PathSetHistory();
    /** The latest path record (mtr's view of the last traces), or null when the host has none. */
    LogRecord.Path latestPath;
    final Totals totals = new Totals();

    HostSeries(String name) {
        this(name, "");
    }

    HostSeries(String name, String vantage) {
        this.name = name;
        this.vantage = vantage;
    }

    /** Summary numbers over every record of the host, whatever the bucket width. */
    static final class Totals {
        long bursts;
        long answered;
        double sumLoss;
        double minAvg = Double.POSITIVE_INFINITY;
        double maxAvg = Double.NEGATIVE_INFINITY;
        final RttHistogram averages = new RttHistogram(SUMMARY_BIN_WIDTH);
        final EnumMap<Service, Long> scansUp = new EnumMap<>(Service.class);
        long scans;
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;

        private void seen(double time) {
            first = Math.min(first, time);
            last = Math.max(last, time);
        }
    }

    void add(LogRecord record) {
        labels = record.origin().labels();
        if (addresses.size() < MAX_ADDRESSES) {
            addresses.add(record.addr());
        }
        totals.seen(record.timestamp());
        switch (record) {
            case LogRecord.Ping p -> addPing(p);
            case LogRecord.Scan s -> addScan(s);
            case LogRecord.Trace t -> routes.add(t);
            case LogRecord.PathSet s -> pathSets.add(s);
            case LogRecord.Path p -> {
                if (latestPath == null || p.timestamp() >= latestPath.timestamp()) {
                    latestPath = p; // by record time, so shuffled logs give the same page
                }
            }
        }
    }

    private void addPing(LogRecord.Ping p) {
        totals.bursts++;
        totals.sumLoss += p.loss();
        if (p.answered()) {
            totals.answered++;
            totals.minAvg = Math.min(totals.minAvg, p.avg());
            totals.maxAvg = Math.max(totals.maxAvg, p.avg());
            totals.averages.add(p.avg());
        }
        long key = keyOf(p.timestamp());
        if (key != lastPingKey || lastPing == null) {
            lastPing = ping.computeIfAbsent(key, unused -> new PingBucket());
            lastPingKey = key;
        }
        lastPing.add(p);
    }

    private void addScan(LogRecord.Scan s) {
        totals.scans++;
        for (Service service : Service.values()) {
            if (s.answer(service) != null) {
                totals.scansUp.merge(service, 1L, Long::sum);
            }
        }
        scan.computeIfAbsent(keyOf(s.timestamp()), unused -> new ScanBucket()).add(s);
    }

    int buckets() {
        return Math.max(ping.size(), scan.size());
    }

    long widthMs() {
        return widthMs;
    }

    /** Widens the buckets until neither pings nor scans have more than {@code maxBuckets} of them. */
    void fitInto(int maxBuckets) {
        while (buckets() > maxBuckets) {
            step++;
            long wider = step < WIDTHS_MS.length ? WIDTHS_MS[step] : widthMs * 2; // then days, two, four...
            long ratio = wider / widthMs;
            widthMs = wider;
            ping = merged(ping, ratio, PingBucket::addAll);
            scan = merged(scan, ratio, ScanBucket::addAll);
            lastPing = null;
        }
    }

    Map<Long, PingBucket> pingBuckets() {
        return ping;
    }

    Map<Long, ScanBucket> scanBuckets() {
        return scan;
    }

    private long keyOf(double timestamp) {
        return Math.floorDiv((long) Math.floor(timestamp), widthMs);
    }

    private interface Merge<B> {
        void into(B target, B source);
    }

    /** Each run of {@code ratio} neighbouring buckets becomes one bucket that many times as wide. */
    private static <B> TreeMap<Long, B> merged(TreeMap<Long, B> buckets, long ratio, Merge<B> merge) {
        TreeMap<Long, B> coarser = new TreeMap<>();
        buckets.forEach((key, bucket) -> coarser.merge(Math.floorDiv(key, ratio), bucket, (kept, more) -> {
            merge.into(kept, more);
            return kept;
        }));
        return coarser;
    }
}
