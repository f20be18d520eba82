package connmonitor.config;

import java.io.IOException;
import java.util.List;

/** Reads, parses and resolves a config: the one path used at start-up, on SIGHUP and by --check. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** The outcome of a load: usable targets, or why there are none. */
    public sealed interface Outcome {
        /** Hosts to monitor, and the lines skipped because their host did not resolve. */
        record Loaded(List<Target> targets, List<ConfigError> unresolved) implements Outcome {
        }

        /** The config could not be read. */
        record Unreadable(String reason) implements Outcome {
        }

        /** The config has errors (every one listed), or no host in it is usable (then also why each did not resolve). */
        record Invalid(List<ConfigError> errors, List<ConfigError> unresolved) implements Outcome {
        }
    }

    public static Outcome load(ConfigSource source) {
        byte[] bytes;
        try {
            bytes = source.read();
        } catch (IOException | RuntimeException unreadable) {
            return new Outcome.Unreadable("couldn't read input " + source.describe() + ": " + IoReason.of(unreadable));
        }
        ParsedConfig parsed = ConfigParser.parse(bytes);
        if (!parsed.valid()) {
            return new Outcome.Invalid(parsed.errors(), List.of());
        }
        Resolution resolution = HostResolver.resolve(parsed.hosts());
        if (resolution.targets().isEmpty()) {
            return new Outcome.Invalid(List.of(new ConfigError(0, parsed.hosts().isEmpty()
                    ? "no hosts in " + source.describe() : "no host could be resolved")), resolution.unresolved());
        }
        return new Outcome.Loaded(resolution.targets(), resolution.unresolved());
    }
}
