package connmonitor.web;

import connmonitor.probe.PathResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import java.util.List;

/**
 * A host as its page shows it: the overview line, its ping buckets over the chosen range, its newest
 * trace (null before the first), its route changes (oldest first), its newest scan (null before the first)
 * and its newest per-hop statistics (null unless the host has path=).
 */
record HostDetail(HostRow row, long bucketMillis, List<Bucket> buckets, TraceResult trace, long traceMillis,
                  List<RouteChange> routeChanges, ScanResult scan, long scanMillis, PathResult path, long pathMillis) {

    record Bucket(long startMillis, Smoke smoke, int sent, int received) {

        double loss() {
            return sent == 0 ? 0 : 100.0 * (sent - received) / sent;
        }
    }
}
