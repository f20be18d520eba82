package connmonitor.cli;

import connmonitor.config.Target;
import connmonitor.http.WebConfig;
import connmonitor.http.WebConfigException;
import connmonitor.http.WebConfigReader;
import connmonitor.metrics.MetricsAddress;
import connmonitor.metrics.MetricsOptions;
import connmonitor.metrics.MetricsServer;
import connmonitor.output.Log;
import connmonitor.web.LiveView;
import connmonitor.web.WebOptions;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Starts the daemon's HTTP endpoints, saying in one EE line why one cannot be served. */
final class Endpoints {

    private Endpoints() {
    }

    /**
     * The TLS and authentication both endpoints serve with: the file's, or plain HTTP without one; empty
     * (after one EE line naming the file and the problem) when the file cannot be used, so that nothing is
     * served without what it asks for.
     */
    static Optional<WebConfig> webConfig(Optional<Path> file, Log log) {
        if (file.isEmpty()) {
            return Optional.of(WebConfig.PLAIN);
        }
        try {
            return Optional.of(WebConfigReader.read(file.get()));
        } catch (WebConfigException unusable) {
            log.error("UsageError", unusable.getMessage());
            return Optional.empty();
        }
    }

    /** Starts the metrics endpoint; empty (after an EE line) when the address cannot be served. */
    static Optional<MetricsServer> metrics(MetricsAddress address, List<Target> targets, Optional<String> vantage,
                                           MetricsOptions metricsOptions, WebConfig webConfig, Log log) {
        try {
            return Optional.of(MetricsServer.start(address, targets, vantage, metricsOptions, webConfig));
        } catch (UnknownHostException unknown) {
            log.error("OSError", "cannot serve metrics on " + address + ": unknown host '" + address.host() + "'");
        } catch (IOException unbound) {
            log.error("OSError", "cannot serve metrics on " + address + ": " + unbound.getMessage());
        }
        return Optional.empty();
    }

    /** Seeds the history and starts the live view; empty (after an EE line) when the address cannot be served. */
    static Optional<LiveView> liveView(WebOptions options, List<Target> targets, WebConfig webConfig, Log log) {
        try {
            return Optional.of(LiveView.start(options.address(), options.history(), targets, log, Clock.systemUTC(),
                    webConfig));
        } catch (UnknownHostException unknown) {
            log.error("OSError", "cannot serve the live view on " + options.address() + ": unknown host '"
                    + options.address().host() + "'");
        } catch (IOException unbound) {
            log.error("OSError", "cannot serve the live view on " + options.address() + ": " + unbound.getMessage());
        }
        return Optional.empty();
    }
}
