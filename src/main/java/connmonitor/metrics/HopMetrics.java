package connmonitor.metrics;

import connmonitor.config.Addresses;
import connmonitor.probe.PathResult;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * mtr's columns per hop as series, for hosts with {@code path=}: labelled by hop number and the address
 * that answered there last ({@code *} when none did). A hop that goes away (the path got shorter) or
 * answers from another address loses its old series at the next path record. Callers serialise calls.
 */
final class HopMetrics {

    private final LabelScheme scheme;

    private final Gauge rtt;
    private final Gauge loss;
    private final Gauge jitter;

    HopMetrics(LabelScheme scheme) {
        this.scheme = scheme;
        String[] hopLabels = scheme.names("hop", "hop_addr");
        rtt = Gauge.builder().name("connmonitor_hop_rtt_seconds")
                .help("Mean round-trip time to the hop over the path window (path= traces), seconds")
                .labelNames(hopLabels).withoutExemplars().build();
        loss = Gauge.builder().name("connmonitor_hop_loss_ratio")
                .help("Share of the probes to the hop that got no answer over the path window, 0..1")
                .labelNames(hopLabels).withoutExemplars().build();
        jitter = Gauge.builder().name("connmonitor_hop_jitter_seconds")
                .help("Mean difference between consecutive round-trip times to the hop over the path window, seconds")
                .labelNames(hopLabels).withoutExemplars().build();
    }

    void record(HostLabels host, PathResult path) {
        Set<List<String>> now = new HashSet<>();
        for (PathResult.Hop hop : path.hops()) {
            String[] values = host.with(Integer.toString(hop.hop()),
                    hop.address() == null ? "*" : Addresses.format(hop.address()));
            now.add(List.of(values));
            loss.labelValues(values).set(hop.loss() / 100);
            if (hop.received() > 0) {
                rtt.labelValues(values).set(hop.avg() / 1000);
                jitter.labelValues(values).set(hop.jitter() / 1000);
            } else {
                rtt.remove(values);
                jitter.remove(values);
            }
        }
        for (StatefulMetric<?, ?> metric : metrics()) {
            metric.removeIf(values -> HostLabels.of(values, scheme.hostSize()).equals(host) && !now.contains(values));
        }
    }

    void retain(Set<HostLabels> keep) {
        HostLabels.retain(metrics(), keep, scheme.hostSize());
    }

    List<StatefulMetric<?, ?>> metrics() {
        return List.of(rtt, loss, jitter);
    }
}
