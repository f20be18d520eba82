package connmonitor.metrics;

import connmonitor.probe.PingResult;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Set;

/**
 * Ping bursts as series: the statistics of the last burst (gauges, like Telegraf's ping input), every
 * RTT in a histogram, and packet counters from which any window's loss can be computed.
 */
final class PingMetrics {

    /** From 100 µs (loopback, LAN) to 10 s (satellite, congested): 1-2-5 steps, 16 buckets. */
    static final double[] RTT_BUCKETS = {
        0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10,
    };

    private final Gauge rtt;
    /** Null with {@link RttHistogram#OFF}. */
    private final Histogram rtts;
    private final Gauge loss;
    private final Counter sent;
    private final Counter received;

    private final LabelScheme scheme;

    PingMetrics(LabelScheme scheme, RttHistogram histogram) {
        this.scheme = scheme;
        rtt = Gauge.builder().name("connmonitor_ping_rtt_seconds").unit(Unit.SECONDS)
                .help("Round-trip time of the last ping burst: min, avg, max and stddev (sample, n-1); "
                        + "NaN when every request of the burst was lost")
                .labelNames(scheme.names("stat")).withoutExemplars().build();
        rtts = switch (histogram) {
            case CLASSIC -> rttHistogram(scheme).classicOnly().classicUpperBounds(RTT_BUCKETS).build();
            case NATIVE -> rttHistogram(scheme).nativeOnly().build();
            case OFF -> null;
        };
        loss = Gauge.builder().name("connmonitor_ping_loss_ratio")
                .help("Share of the echo requests of the last burst that got no reply, 0 to 1")
                .labelNames(scheme.names()).withoutExemplars().build();
        sent = Counter.builder().name("connmonitor_ping_packets_sent_total")
                .help("Echo requests sent").labelNames(scheme.names()).withoutExemplars().build();
        received = Counter.builder().name("connmonitor_ping_packets_received_total")
                .help("Distinct valid echo replies received in time")
                .labelNames(scheme.names()).withoutExemplars().build();
    }

    /** Counters start at 0 when a host is configured, so that the first burst counts in rate(). */
    void start(HostLabels host) {
        sent.initLabelValues(host.with());
        received.initLabelValues(host.with());
        if (rtts != null) {
            rtts.initLabelValues(host.with());
        }
    }

    private static Histogram.Builder rttHistogram(LabelScheme scheme) {
        return Histogram.builder().name("connmonitor_ping_reply_rtt_seconds").unit(Unit.SECONDS)
                .help("Round-trip time of every echo reply").labelNames(scheme.names()).withoutExemplars();
    }

    void record(HostLabels host, PingResult burst) {
        boolean any = burst.received() > 0;
        rtt.labelValues(host.with("min")).set(any ? burst.min() / 1000 : Double.NaN);
        rtt.labelValues(host.with("avg")).set(any ? burst.avg() / 1000 : Double.NaN);
        rtt.labelValues(host.with("max")).set(any ? burst.max() / 1000 : Double.NaN);
        rtt.labelValues(host.with("stddev")).set(any ? burst.std() / 1000 : Double.NaN);
        String[] labels = host.with();
        if (rtts != null) {
            var histogram = rtts.labelValues(labels);
            for (double millis : burst.rtts()) {
                histogram.observe(millis / 1000);
            }
        }
        loss.labelValues(labels).set((double) (burst.sent() - burst.received()) / burst.sent());
        sent.labelValues(labels).inc(burst.sent());
        received.labelValues(labels).inc(burst.received());
    }

    /** Drops the series of every host not in {@code keep}. */
    void retain(Set<HostLabels> keep) {
        HostLabels.retain(metrics(), keep, scheme.hostSize());
    }

    List<StatefulMetric<?, ?>> metrics() {
        return rtts == null ? List.of(rtt, loss, sent, received) : List.of(rtt, rtts, loss, sent, received);
    }
}
