package connmonitor.metrics;

import connmonitor.probe.TraceResult;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Route traces as series. Every trace counts, not only the printed ones: a route change is a trace
 * whose route differs from the previous trace of that host (the first trace sets the baseline).
 * Callers serialise calls (see {@link HostMetrics}).
 */
final class TraceMetrics {

    private final Gauge hops;
    private final Gauge reached;
    private final Counter changes;
    private final Map<HostLabels, TraceResult> previous = new HashMap<>();

    private final LabelScheme scheme;

    TraceMetrics(LabelScheme scheme) {
        this.scheme = scheme;
        hops = Gauge.builder().name("connmonitor_trace_hops")
                .help("Steps (TTLs) of the last route trace, up to the one that reached the host or the hops limit")
                .labelNames(scheme.names()).withoutExemplars().build();
        reached = Gauge.builder().name("connmonitor_trace_reached")
                .help("1 when the last route trace reached the host, 0 when it ended at the hops limit")
                .labelNames(scheme.names()).withoutExemplars().build();
        changes = Counter.builder().name("connmonitor_route_changes_total")
                .help("Traces whose route differed from the previous trace of the host "
                        + "at a hop where both got an answer")
                .labelNames(scheme.names()).withoutExemplars().build();
    }

    void start(HostLabels host) {
        changes.initLabelValues(host.with());
    }

    void record(HostLabels host, TraceResult trace) {
        hops.labelValues(host.with()).set(trace.steps().size());
        reached.labelValues(host.with()).set(trace.reached() ? 1 : 0);
        TraceResult before = previous.put(host, trace);
        if (before != null && !trace.sameRouteAs(before)) {
            changes.labelValues(host.with()).inc();
        }
    }

    void retain(Set<HostLabels> keep) {
        previous.keySet().retainAll(keep);
        HostLabels.retain(metrics(), keep, scheme.hostSize());
    }

    List<StatefulMetric<?, ?>> metrics() {
        return List.of(hops, reached, changes);
    }
}
