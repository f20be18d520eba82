package connmonitor.cli;

import connmonitor.config.ConfigLoader;
import connmonitor.config.Target;
import connmonitor.output.Log;
import java.util.List;
import java.util.Optional;

/** Logs what loading a config found, the same way at start-up, on SIGHUP and for --check. */
final class LoadReport {

    private LoadReport() {
    }

    /** Logs every problem of the outcome; the targets to monitor, or empty when there are none. */
    static Optional<List<Target>> usableTargets(ConfigLoader.Outcome outcome, Log log) {
        return switch (outcome) {
            case ConfigLoader.Outcome.Unreadable unreadable -> {
                log.error("FileNotFoundError", unreadable.reason());
                yield Optional.empty();
            }
            case ConfigLoader.Outcome.Invalid invalid -> {
                invalid.unresolved().forEach(error -> log.error("UnknownHostError", error.toString()));
                invalid.errors().forEach(error -> log.error("ConfigError", error.toString()));
                yield Optional.empty();
            }
            case ConfigLoader.Outcome.Loaded loaded -> {
                loaded.unresolved().forEach(error -> log.error("UnknownHostError", error.toString()));
                warnIdle(loaded.targets(), log);
                yield Optional.of(loaded.targets());
            }
        };
    }

    /** 4.1.3 crashed on a host with nothing to measure; we keep the others running and say which line it is. */
    private static void warnIdle(List<Target> targets, Log log) {
        for (Target target : targets) {
            var options = target.options();
            if (!options.pings() && !options.traces() && !options.scans() && options.pathsMillis() <= 0) {
                log.warn("line " + target.line() + ": host '" + target.name()
                        + "' has nothing to measure (ping=0 and no trace or scan); it is left idle");
            }
        }
    }
}
