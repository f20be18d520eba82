package connmonitor.metrics;

import io.prometheus.metrics.core.metrics.StatefulMetric;
import java.util.List;
import java.util.Set;

/**
 * The label values that name a host's series, in {@link LabelScheme} order (host, addr, the host's own
 * labels, vantage). A host listed twice with the same name, address and labels shares its series.
 */
record HostLabels(List<String> values) {

    HostLabels {
        values = List.copyOf(values);
    }

    /** The label values of a series of this host with extra labels after the host's. */
    String[] with(String... more) {
        String[] all = new String[values.size() + more.length];
        for (int i = 0; i < values.size(); i++) {
            all[i] = values.get(i);
        }
        System.arraycopy(more, 0, all, values.size(), more.length);
        return all;
    }

    /** The host of a series, given all its label values in declaration order and the host's label count. */
    static HostLabels of(List<String> labelValues, int hostSize) {
        return new HostLabels(labelValues.subList(0, hostSize));
    }

    /** Drops every series of these metrics whose host is not in {@code keep}. */
    static void retain(List<StatefulMetric<?, ?>> metrics, Set<HostLabels> keep, int hostSize) {
        metrics.forEach(metric -> metric.removeIf(values -> !keep.contains(of(values, hostSize))));
    }
}
