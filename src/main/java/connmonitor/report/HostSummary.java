package connmonitor.report;

import java.util.Map;

/**
 * The summary row of one host. Availability is the share of ping bursts that got at least one reply;
 * loss is the mean loss of all bursts; the RTT percentiles are over the answered bursts' average RTTs
 * (nearest rank, from a histogram with 0.5 % bins, so within 0.25 % of the exact value); NaN when no
 * burst was answered.
 */
record HostSummary(String name, long bursts, double availabilityPercent, double lossPercent,
                   double p50, double p95, double p99, int traces, int routeChanges,
                   long scans, Map<Service, Long> scansUp, double first, double last) {

    HostSummary {
        scansUp = Map.copyOf(scansUp);
    }

    /** Scans in which the service answered. */
    long scansUp(Service service) {
        return scansUp.getOrDefault(service, 0L);
    }

    static HostSummary of(HostSeries host) {
        HostSeries.Totals t = host.totals;
        return new HostSummary(host.name, t.bursts,
                t.bursts == 0 ? Double.NaN : 100.0 * t.answered / t.bursts,
                t.bursts == 0 ? Double.NaN : t.sumLoss / t.bursts,
                percentile(t, 0.50), percentile(t, 0.95), percentile(t, 0.99),
                host.routes.traces(), host.routes.changes().size(),
                t.scans, t.scansUp, t.first, t.last);
    }

    private static double percentile(HostSeries.Totals t, double q) {
        if (t.answered == 0) {
            return Double.NaN;
        }
        return Math.clamp(t.averages.quantile(q), t.minAvg, t.maxAvg);
    }
}
