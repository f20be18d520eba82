package connmonitor.metrics;

import connmonitor.config.Target;
import connmonitor.http.SecuredHttp;
import connmonitor.http.WebConfig;
import connmonitor.probe.Observation;
import connmonitor.probe.Problems;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.DefaultHandler;
import io.prometheus.metrics.exporter.httpserver.HealthyHandler;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.net.InetSocketAddress;
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
import java.util.function.LongSupplier;

/**
 * The {@code /metrics} endpoint: every observation handed to {@link #accept} becomes series of its
 * host, served with the monitor's own process metrics in the Prometheus text format or OpenMetrics
 * (chosen by the scraper's Accept header), each exchange on a virtual thread within bounds (EndpointLimits).
 */
public final class MetricsServer implements Consumer<Observation>, AutoCloseable {

    /** Connections the kernel may queue before the server accepts them. */
    private static final int BACKLOG = 1024;

    private final HostMetrics hosts;
    private final ServiceMetrics service;
    private final HttpServer server;
    private final ExecutorService worker;

    private MetricsServer(HostMetrics hosts, ServiceMetrics service, HttpServer server, ExecutorService worker) {
        this.hosts = hosts;
        this.service = service;
        this.server = server;
        this.worker = worker;
    }

    /**
     * Binds the address and starts serving the series of these hosts.
     *
     * @throws IOException when the address does not resolve or cannot be bound (in use, not local)
     */
    public static MetricsServer start(MetricsAddress address, Collection<Target> targets) throws IOException {
        return start(address, targets, Optional.empty(), MetricsOptions.DEFAULT);
    }

    /**
     * As {@link #start(MetricsAddress, Collection)}, served as the options ask, every connmonitor series
     * labelled with the monitor's vantage when it has one.
     */
    public static MetricsServer start(MetricsAddress address, Collection<Target> targets, Optional<String> vantage,
                                      MetricsOptions options) throws IOException {
        return start(address, targets, vantage, options, WebConfig.PLAIN);
    }

    /** As {@link #start(MetricsAddress, Collection, Optional, MetricsOptions)}, with the web config's TLS and auth. */
    public static MetricsServer start(MetricsAddress address, Collection<Target> targets, Optional<String> vantage,
                                      MetricsOptions options, WebConfig webConfig) throws IOException {
        PrometheusRegistry registry = processRegistry();
        HostMetrics hosts = new HostMetrics(registry, vantage, options.rttHistogram());
        hosts.track(targets);
        ServiceMetrics service = new ServiceMetrics(registry, version());
        service.reloaded(true, System.currentTimeMillis() / 1000.0);
        EndpointLimits.apply();
        // A virtual thread per exchange: a client that sends its request slowly (until maxReqTime drops
        // it) parks its own thread, not the one every scrape would wait for. Scrapes themselves are rare.
        ExecutorService worker = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("metrics-http-", 0).factory());
        try {
            // The JDK server itself, with client_java's handlers (as its HTTPServer mounts them): that
            // HTTPServer listens with a backlog of 3, and a few idle connections then delay every accept
            // (a new connection waited seconds for its SYN to be retried).
            // (client_java's HTTPServer builder takes an HttpsConfigurator and an Authenticator for TLS and
            // auth; SecuredHttp hands this server the same two JDK hooks.)
            SecuredHttp secured = SecuredHttp.of(webConfig);
            HttpServer server = secured.create(new InetSocketAddress(address.inetAddress(), address.port()), BACKLOG);
            secured.guard(server.createContext("/", new DefaultHandler("/metrics")));
            secured.guard(server.createContext("/metrics", new MetricsHandler(registry)));
            secured.guard(server.createContext("/-/healthy", new HealthyHandler()));
            server.setExecutor(worker);
            server.start();
            return new MetricsServer(hosts, service, server, worker);
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

    /** Registers connmonitor_socket_drops_total{family="ipv4|ipv6"}, read from these counts at each scrape. */
    public void countSocketDrops(LongSupplier ipv4, LongSupplier ipv6) {
        service.countSocketDrops(ipv4, ipv6);
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
        server.stop(0);
        worker.shutdownNow();
    }
}
