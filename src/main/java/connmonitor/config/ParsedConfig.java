package connmonitor.config;

import java.util.List;

/** The outcome of parsing a whole config: the good lines and every error, in line order. */
public record ParsedConfig(List<HostEntry> hosts, List<ConfigError> errors) {

    public ParsedConfig {
        hosts = List.copyOf(hosts);
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
