package connmonitor.metrics;

import connmonitor.probe.PathSetResult;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths of hosts with {@code paths=}: how many the latest run found, and each path's hops as info series
 * (path number in the record's order, hop number, address; {@code *} where no flow got an answer). A path or
 * hop that the latest run no longer shows loses its series then. Callers serialise calls.
 */
final class PathSetMetrics {

    private final LabelScheme scheme;
    private final Gauge paths;
    private final Gauge hops;

    PathSetMetrics(LabelScheme scheme) {
        this.scheme = scheme;
        paths = Gauge.builder().name("connmonitor_paths")
                .help("Distinct paths to the host found by the latest paths= run")
                .labelNames(scheme.names()).withoutExemplars().build();
        hops = Gauge.builder().name("connmonitor_path_hop_info")
                .help("A hop of a path to the host found by the latest paths= run (always 1)")
                .labelNames(scheme.names("path", "hop", "hop_addr")).withoutExemplars().build();
    }

    void record(HostLabels host, PathSetResult result) {
        paths.labelValues(host.with()).set(result.paths().size());
        Set<List<String>> now = new HashSet<>();
        for (int path = 0; path < result.paths().size(); path++) {
            List<InetAddress> addresses = result.paths().get(path);
            for (int hop = 0; hop < addresses.size(); hop++) {
                String[] values = host.with(Integer.toString(path + 1), Integer.toString(hop + 1),
                        PathSetResult.text(addresses.get(hop)));
                now.add(List.of(values));
                hops.labelValues(values).set(1);
            }
        }
        hops.removeIf(values -> HostLabels.of(values, scheme.hostSize()).equals(host) && !now.contains(values));
    }

    void retain(Set<HostLabels> keep) {
        HostLabels.retain(metrics(), keep, scheme.hostSize());
    }

    List<StatefulMetric<?, ?>> metrics() {
        return List.of(paths, hops);
    }
}
