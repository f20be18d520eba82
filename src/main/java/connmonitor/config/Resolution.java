package connmonitor.config;

import java.util.List;

/** Targets that resolved, and the config lines whose host did not (each with its reason). */
public record Resolution(List<Target> targets, List<ConfigError> unresolved) {

    public Resolution {
        targets = List.copyOf(targets);
        unresolved = List.copyOf(unresolved);
    }
}
