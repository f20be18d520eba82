package connmonitor.cli;

import connmonitor.config.Target;
import connmonitor.metrics.MetricsAddress;
import connmonitor.metrics.MetricsOptions;
import connmonitor.metrics.MetricsServer;
import connmonitor.output.Log;
import connmonitor.web.LiveView;
import connmonitor.web.WebOptions;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Starts the daemon's HTTP endpoints, saying in one EE line why one cannot be served. */
final class Endpoints {

    private Endpoints() {
    }

    /** Starts the metrics endpoint; empty (after an EE line) when the address cannot be served. */
    static Optional<MetricsServer> metrics(MetricsAddress address, List<Target> targets, Optional<String> vantage,
                                           MetricsOptions metricsOptions, Log log) {
        if (metricsOptions.webConfigFile().isPresent()) { // fail closed rather than serve without TLS or auth
            log.error("UsageError", "--web.config.file is not implemented yet: not serving metrics without the "
                    + "TLS and authentication it asks for");
            return Optional.empty();
        }
        try {
            return Optional.of(MetricsServer.start(address, targets, vantage, metricsOptions));
        } catch (UnknownHostException unknown) {
            log.error("OSError", "cannot serve metrics on " + address + ": unknown host '" + address.host() + "'");
        } catch (IOException unbound) {
            log.error("OSError", "cannot serve metrics on " + address + ": " + unbound.getMessage());
        }
        return Optional.empty();
    }

    /** Seeds the history and starts the live view; empty (after an EE line) when the address cannot be served. */
    static Optional<LiveView> liveView(WebOptions options, List<Target> targets, Log log) {
        try {
            return Optional.of(LiveView.start(options.address(), options.history(), targets, log, Clock.systemUTC()));
        } catch (UnknownHostException unknown) {
            log.error("OSError", "cannot serve the live view on " + options.address() + ": unknown host '"
                    + options.address().host() + "'");
        } catch (IOException unbound) {
            log.error("OSError", "cannot serve the live view on " + options.address() + ": " + unbound.getMessage());
        }
        return Optional.empty();
    }
}
