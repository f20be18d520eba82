package connmonitor.metrics;

import connmonitor.probe.ScanResult;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Service scans as series, one per service (http, https, mysql), like blackbox_exporter's probe_success. */
final class ScanMetrics {

    private final Gauge up;
    private final Gauge rtt;

    private final LabelScheme scheme;

    ScanMetrics(LabelScheme scheme) {
        this.scheme = scheme;
        up = Gauge.builder().name("connmonitor_scan_up")
                .help("1 when the last scan found the service answering on its port (80, 443, 3306), else 0")
                .labelNames(scheme.names("service")).withoutExemplars().build();
        rtt = Gauge.builder().name("connmonitor_scan_rtt_seconds").unit(Unit.SECONDS)
                .help("Time the service took to answer in the last scan; NaN when it did not answer")
                .labelNames(scheme.names("service")).withoutExemplars().build();
    }

    void record(HostLabels host, ScanResult scan) {
        service(host, "http", scan.http().map(ScanResult.Http::rttMillis));
        service(host, "https", scan.https().map(ScanResult.Http::rttMillis));
        service(host, "mysql", scan.mysql().map(ScanResult.Mysql::rttMillis));
    }

    private void service(HostLabels host, String service, Optional<Double> rttMillis) {
        up.labelValues(host.with(service)).set(rttMillis.isPresent() ? 1 : 0);
        rtt.labelValues(host.with(service)).set(rttMillis.map(millis -> millis / 1000).orElse(Double.NaN));
    }

    void retain(Set<HostLabels> keep) {
        HostLabels.retain(metrics(), keep, scheme.hostSize());
    }

    List<StatefulMetric<?, ?>> metrics() {
        return List.of(up, rtt);
    }
}
