package connmonitor.scan;

import connmonitor.config.Target;
import connmonitor.probe.Probe;
import connmonitor.probe.ScanResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The service scan: HTTP, HTTPS and MySQL/MariaDB probed at the same time, each on its own virtual
 * thread (blocking sockets on virtual threads park instead of holding a platform thread, so the
 * scans of thousands of hosts share the JDK's few carrier threads).
 *
 * <p>Each port gets {@link ScanSettings#deadline()} (5 s by default) from the start of its TCP
 * connect to the end of its answer; a port that has not answered as its service by then is absent.
 * RTT is the time from the start of the TCP connect to the first byte of the service's answer.
 */
public final class ScanProbe implements Probe<ScanResult> {

    private static final Executor VIRTUAL_THREADS =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("connmonitor-scan-", 0).factory());

    /**
     * Scans through a chosen interface wait in native poll() calls, which would pin a virtual thread to
     * its carrier (and with it every other scan's virtual threads, on a machine with few cores); they get
     * platform threads of their own, made as needed and ended after a minute idle.
     */
    private static final Executor PLATFORM_THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("connmonitor-scan-interface-", 0).factory());

    /** Beyond the deadline and the watchdog's grace, a port's result is given up for absent regardless. */
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(1);

    private final ScanSettings settings;
    private final HttpProbe web;
    private final MysqlProbe database;

    /** The daemon's scan: ports 80, 443 and 3306, 5 s per port. */
    public ScanProbe() {
        this(ScanSettings.DEFAULTS);
    }

    /** The JDK's trust store is loaded at the first HTTPS scan, not here: a config without scans never needs it. */
    public ScanProbe(ScanSettings settings) {
        this(VerdictTrustManager::system, settings);
    }

    /** Tests judge certificates against their own trust anchors instead of the JDK's. */
    ScanProbe(ScanSettings settings, X509ExtendedTrustManager certificateReference) {
        this(() -> certificateReference, settings);
    }

    private ScanProbe(Supplier<X509ExtendedTrustManager> certificateReference, ScanSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.web = new HttpProbe(settings, certificateReference);
        this.database = new MysqlProbe(settings);
    }

    public ScanSettings settings() {
        return settings;
    }

    /** Returns at once; the result is complete within the deadline (plus a fraction of a second). */
    @Override
    public CompletableFuture<ScanResult> measure(Target target) {
        Objects.requireNonNull(target, "target");
        Executor threads = target.fleet().interfaceName().isPresent() ? PLATFORM_THREADS : VIRTUAL_THREADS;
        CompletableFuture<Optional<ScanResult.Http>> http = start(() -> web.http(target), threads);
        CompletableFuture<Optional<ScanResult.Http>> https = start(() -> web.https(target), threads);
        CompletableFuture<Optional<ScanResult.Mysql>> mysql = start(() -> database.mysql(target), threads);
        return CompletableFuture.allOf(http, https, mysql)
                .thenApply(allDone -> new ScanResult(http.join(), https.join(), mysql.join()));
    }

    @FunctionalInterface
    private interface PortProbe<T> {
        Optional<T> probe() throws IOException;
    }

    /** A port whose connection or conversation fails has no such service: that is a result, not an error. */
    private <T> CompletableFuture<Optional<T>> start(PortProbe<T> port, Executor threads) {
        long limit = settings.deadline().plus(SAFETY_MARGIN).toNanos();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return port.probe();
            } catch (IOException absent) {
                return Optional.<T>empty();
            }
        }, threads).completeOnTimeout(Optional.empty(), limit, TimeUnit.NANOSECONDS);
    }
}
