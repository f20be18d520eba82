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
            if (!options.pings() && !options.traces() && !options.scans()) {
                log.warn("line " + target.line() + ": host '" + target.name()
                        + "' has nothing to measure (ping=0 and no trace or scan); it is left idle");
            }
        }
    }

    /**
     * interface= is applied to pings and traces, but not to scans: java.net's sockets have no
     * SO_BINDTODEVICE. Say so once per load rather than scan through another interface without a word.
     */
    private static void warnUnappliedPacketOptions(List<Target> targets, Log log) {
        List<Integer> lines = targets.stream()
                .filter(target -> target.fleet().interfaceName().isPresent() && target.options().scans())
                .map(Target::line).distinct().toList();
        if (lines.isEmpty()) {
            return;
        }
        String shown = lines.stream().limit(5).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + (lines.size() > 5 ? " and " + (lines.size() - 5) + " more" : "");
        log.warn((lines.size() == 1 ? "line " : "lines ") + shown + ": interface= applies to pings and traces, not "
                + "to scans; scans leave through the interface the routing table picks (for the source= address, if any)");
    }
}
