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
 * whose route differs from the route the host's earlier traces showed (the first trace sets the
 * baseline; see {@link TraceResult#routeKnownAfter}).
 * Callers serialise calls (see {@link HostMetrics}).
 */
final class TraceMetrics {

    private final Gauge hops;
    private final Gauge reached;
    private final Counter changes;
    private final Map<HostLabels, TraceResult> knownRoutes = new HashMap<>();

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
                .help("Traces whose route differed from the route the host's earlier traces showed "
                        + "at a hop where both got an answer")
                .labelNames(scheme.names()).withoutExemplars().build();
    }

    void start(HostLabels host) {
        changes.initLabelValues(host.with());
    }

    void record(HostLabels host, TraceResult trace) {
        hops.labelValues(host.with()).set(trace.steps().size());
        reached.labelValues(host.with()).set(trace.reached() ? 1 : 0);
        TraceResult before = knownRoutes.put(host, trace.routeKnownAfter(knownRoutes.get(host)));
        if (before != null && !trace.sameRouteAs(before)) {
            changes.labelValues(host.with()).inc();
        }
    }

    void retain(Set<HostLabels> keep) {
        knownRoutes.keySet().retainAll(keep);
        HostLabels.retain(metrics(), keep, scheme.hostSize());
    }

    List<StatefulMetric<?, ?>> metrics() {
        return List.of(hops, reached, changes);
    }
}
