package connmonitor.metrics;

import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.Problems;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The {@code /metrics} endpoint: every observation handed to {@link #accept} becomes series of its
 * host, served with the monitor's own process metrics in the Prometheus text format or OpenMetrics
 * (chosen by the scraper's Accept header). One thread answers scrapes, however many hosts there are.
 */
public final class MetricsServer implements Consumer<Observation>, AutoCloseable {

    private final HostMetrics hosts;
    private final ServiceMetrics service;
    private final HTTPServer server;

    private MetricsServer(HostMetrics hosts, ServiceMetrics service, HTTPServer server) {
        this.hosts = hosts;
        this.service = service;
        this.server = server;
    }

    /**
     * Binds the address and starts serving the series of these hosts.
     *
     * @throws IOException when the address does not resolve or cannot be bound (in use, not local)
     */
    public static MetricsServer start(MetricsAddress address, Collection<Target> targets) throws IOException {
        return start(address, targets, MetricsOptions.DEFAULT);
    }

    /** As {@link #start(MetricsAddress, Collection)}, served as the options ask. */
    public static MetricsServer start(MetricsAddress address, Collection<Target> targets, MetricsOptions options)
            throws IOException {
        PrometheusRegistry registry = processRegistry();
        HostMetrics hosts = new HostMetrics(registry, options.rttHistogram());
        hosts.track(targets);
        ServiceMetrics service = new ServiceMetrics(registry, version());
        service.reloaded(true, System.currentTimeMillis() / 1000.0);
        // One worker (plus the JDK server's dispatcher): scrapes come every few seconds, not in crowds.
        ExecutorService worker = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("metrics-http").daemon(true).factory());
        try {
            HTTPServer server = HTTPServer.builder().inetAddress(address.inetAddress()).port(address.port())
                    .registry(registry).executorService(worker).buildAndStart();
            return new MetricsServer(hosts, service, server);
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
        service.reloaded(true, System.currentTimeMillis() / 1000.0);
    }

    /** A SIGHUP that could not re-read the config (it came from standard input): the old hosts go on. */
    public void reloadFailed() {
        service.reloaded(false, 0);
    }

    /** Serves connmonitor_late_starts_total, read from the monitor's own count at each scrape. */
    public void countLateStarts(LongSupplier lateStarts) {
        service.countLateStarts(lateStarts);
    }

    /** Problems passed on to {@code inner} and counted in connmonitor_errors_total{kind,type}. */
    public Problems counting(Problems inner) {
        return service.counting(inner);
    }

    /** The jar's version, as --version prints it. */
    private static String version() {
        String version = MetricsServer.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public void close() {
        server.close();
    }
}
