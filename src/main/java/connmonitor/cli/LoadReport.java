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
                yield Optional.of(loaded.targets());
            }
        };
    }
}
