package connmonitor.metrics;

import connmonitor.config.Target;
import connmonitor.probe.Kind;
import connmonitor.probe.Problems;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * The monitor's own health, as exporters conventionally show it: what build runs, how many problems
 * each kind of measurement met (by EE error type), and whether the last config (re)load worked.
 */
final class ServiceMetrics {

    private final Counter errors;
    private final Gauge reloadSuccessful;
    private final Gauge reloadSuccessTime;
    private final PrometheusRegistry registry;

    ServiceMetrics(PrometheusRegistry registry, String version) {
        this.registry = registry;
        Info buildInfo = Info.builder().name("connmonitor_build_info")
                .help("The running connmonitor: its version and the Java runtime under it; always 1")
                .labelNames("version", "java_version").register(registry);
        buildInfo.setLabelValues(version, Runtime.version().toString());
        errors = Counter.builder().name("connmonitor_errors_total")
                .help("Problems met by measurements (each run that reported one), by kind (ping, trace, scan) "
                        + "and EE error type; the EE line is printed only when a condition starts or changes")
                .labelNames("kind", "type").withoutExemplars().register(registry);
        reloadSuccessful = Gauge.builder().name("connmonitor_config_last_reload_successful")
                .help("Whether the last load of the config (start or SIGHUP) worked: 1 yes, 0 no")
                .withoutExemplars().register(registry);
        reloadSuccessTime = Gauge.builder().name("connmonitor_config_last_reload_success_timestamp_seconds")
                .help("When the config was last loaded successfully, seconds since the Unix epoch")
                .withoutExemplars().register(registry);
    }

    /** Registers connmonitor_late_starts_total, which reads this count at each scrape. */
    void countLateStarts(LongSupplier lateStarts) {
        CounterWithCallback.builder().name("connmonitor_late_starts")
                .help("Measurements that started more than 100 ms later than their period asks (the scheduler "
                        + "was late, or the ICMP engine's paced sends were backed up): the config asks for more "
                        + "than this machine can do")
                .callback(callback -> callback.call(lateStarts.getAsLong())).register(registry);
    }

    /** Registers connmonitor_socket_drops_total{family}, which reads these counts at each scrape. */
    void countSocketDrops(LongSupplier ipv4, LongSupplier ipv6) {
        CounterWithCallback.builder().name("connmonitor_socket_drops")
                .help("Packets the kernel dropped at the ICMP engines' sockets because their receive buffers were "
                        + "full: replies the monitor did not read in time, counted as lost by the loss figures of "
                        + "that time although the network delivered them")
                .labelNames("family")
                .callback(callback -> {
                    callback.call(ipv4.getAsLong(), "ipv4");
                    callback.call(ipv6.getAsLong(), "ipv6");
                }).register(registry);
    }

    void reloaded(boolean successful, double epochSeconds) {
        reloadSuccessful.set(successful ? 1 : 0);
        if (successful) {
            reloadSuccessTime.set(epochSeconds);
        }
    }

    /** Reports go on to {@code inner} and are counted. */
    Problems counting(Problems inner) {
        return new Problems() {
            @Override
            public void report(Target target, Kind kind, String type, String description) {
                errors.labelValues(kind.word(), type).inc();
                inner.report(target, kind, type, description);
            }

            @Override
            public void clear(Target target, Kind kind) {
                inner.clear(target, kind);
            }
        };
    }
}
