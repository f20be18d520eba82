package connmonitor.metrics;

import connmonitor.config.Target;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import java.util.List;
import java.util.Set;

/**
 * The labels that name a host's series: {@code host} as the config wrote it and {@code addr} as it
 * resolved. A host listed twice with the same name and address shares its series.
 */
record HostLabels(String host, String addr) {

    static final String[] NAMES = {"host", "addr"};

    static HostLabels of(Target target) {
        return new HostLabels(target.name(), target.addressText());
    }

    /** The label values of a series whose first two labels are {@link #NAMES}, followed by more. */
    String[] with(String... more) {
        String[] values = new String[2 + more.length];
        values[0] = host;
        values[1] = addr;
        System.arraycopy(more, 0, values, 2, more.length);
        return values;
    }

    /** The host of a series, given its label values in declaration order (host, addr, ...). */
    static HostLabels of(List<String> labelValues) {
        return new HostLabels(labelValues.get(0), labelValues.get(1));
    }

    /** Drops every series of these metrics whose host is not in {@code keep}. */
    static void retain(List<StatefulMetric<?, ?>> metrics, Set<HostLabels> keep) {
        metrics.forEach(metric -> metric.removeIf(values -> !keep.contains(of(values))));
    }

    /** The label names of a per-host metric with extra labels after host and addr. */
    static String[] names(String... more) {
        return new HostLabels(NAMES[0], NAMES[1]).with(more);
    }
}
