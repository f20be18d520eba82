package connmonitor.web;

import connmonitor.config.Target;
import connmonitor.http.WebConfig;
import connmonitor.metrics.MetricsAddress;
import connmonitor.output.Log;
import connmonitor.probe.Observation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code --web}: the daemon's live view, all it needs from the daemon in one place. The daemon hands it
 * every observation and every reloaded host list; it keeps the history and serves the page.
 */
public final class LiveView implements Consumer<Observation>, AutoCloseable {

    /** Where stdout goes: when it is a regular file (the service's log), that is the monitor's own log. */
    private static final Path STDOUT = Path.of("/proc/self/fd/1");
    /** Connections the JDK HTTP server keeps open at once, unless the user set it; read when the first server starts. */
    private static final String MAX_CONNECTIONS = "sun.net.httpserver.maxConnections";

    private final HistoryStore store;
    private final WebServer server;

    private LiveView(HistoryStore store, WebServer server) {
        this.store = store;
        this.server = server;
    }

    /**
     * Seeds the history from the log (given, or else stdout when it is a regular file), then serves the page.
     *
     * @throws IOException when the address does not resolve or cannot be bound
     */
    public static LiveView start(MetricsAddress address, Optional<Path> history, Collection<Target> targets, Log log,
                                 Clock clock) throws IOException {
        return start(address, history, targets, log, clock, WebConfig.PLAIN);
    }

    /** As {@link #start(MetricsAddress, Optional, Collection, Log, Clock)}, with the web config's TLS and auth. */
    public static LiveView start(MetricsAddress address, Optional<Path> history, Collection<Target> targets, Log log,
                                 Clock clock, WebConfig webConfig) throws IOException {
        HistoryStore store = new HistoryStore();
        store.track(targets);
        Optional<Path> seed = history.or(() -> Files.isRegularFile(STDOUT) ? Optional.of(STDOUT) : Optional.empty());
        if (seed.isPresent()) {
            try {
                new HistorySeed(store, clock.millis()).readFile(seed.get());
                store.track(targets); // hosts of the log that are no longer configured are not shown
            } catch (IOException unreadable) {
                log.warn("cannot read the history from " + history.map(Path::toString).orElse("standard output's file")
                        + ": " + unreadable.getMessage() + "; the live view starts empty");
            }
        }
        System.getProperties().putIfAbsent(MAX_CONNECTIONS, "64");
        WebServer server = WebServer.start(new InetSocketAddress(address.inetAddress(), address.port()), store, clock,
                webConfig);
        return new LiveView(store, server);
    }

    @Override
    public void accept(Observation observation) {
        store.accept(observation);
    }

    /** After a reload: the new host list. */
    public void track(Collection<Target> targets) {
        store.track(targets);
    }

    /** A name moved to new addresses (resolve=): its hosts keep their history there. */
    public void moved(List<Target> retired, List<Target> added) {
        store.moved(retired, added);
    }

    /** This monitor's --vantage name, for the page's header. */
    public void vantage(Optional<String> name) {
        store.vantage(name.orElse(null));
    }

    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }
}
