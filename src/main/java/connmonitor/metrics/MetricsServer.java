package connmonitor.metrics;

import connmonitor.config.Target;
import connmonitor.probe.Observation;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The {@code /metrics} endpoint: every observation handed to {@link #accept} becomes series of its
 * host, served with the monitor's own process metrics in the Prometheus text format or OpenMetrics
 * (chosen by the scraper's Accept header). One thread answers scrapes, however many hosts there are.
 */
public final class MetricsServer implements Consumer<Observation>, AutoCloseable {

    private final HostMetrics hosts;
    private final HTTPServer server;

    private MetricsServer(HostMetrics hosts, HTTPServer server) {
        this.hosts = hosts;
        this.server = server;
    }

    /**
     * Binds the address and starts serving the series of these hosts.
     *
     * @throws IOException when the address does not resolve or cannot be bound (in use, not local)
     */
    public static MetricsServer start(MetricsAddress address, Collection<Target> targets) throws IOException {
        return start(address, targets, Optional.empty());
    }

    /** As {@link #start(MetricsAddress, Collection)}, every connmonitor series labelled with the monitor's vantage. */
    public static MetricsServer start(MetricsAddress address, Collection<Target> targets, Optional<String> vantage)
            throws IOException {
        PrometheusRegistry registry = processRegistry();
        HostMetrics hosts = new HostMetrics(registry, vantage);
        hosts.track(targets);
        // One worker (plus the JDK server's dispatcher): scrapes come every few seconds, not in crowds.
        ExecutorService worker = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("metrics-http").daemon(true).factory());
        try {
            HTTPServer server = HTTPServer.builder().inetAddress(address.inetAddress()).port(address.port())
                    .registry(registry).executorService(worker).buildAndStart();
            return new MetricsServer(hosts, server);
        } catch (IOException | RuntimeException failed) {
            worker.shutdownNow();
            throw failed;
        }
    }

    /** A registry with the monitor's own process_* (CPU, memory, fds) and jvm_memory_*, jvm_threads_* metrics. */
    static PrometheusRegistry processRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        ProcessMetrics.builder().register(registry);
        JvmThreadsMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        return registry;
    }

    /** Records a finished measurement; measurements of hosts no longer configured are ignored. */
    @Override
    public void accept(Observation observation) {
        hosts.record(observation);
    }

    /** After a reload: series of removed hosts disappear, new hosts start their counters at 0. */
    public void retainOnly(Collection<Target> targets) {
        hosts.track(targets);
    }

    @Override
    public void close() {
        server.close();
    }
}
