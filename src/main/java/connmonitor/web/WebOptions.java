package connmonitor.web;

import connmonitor.metrics.MetricsAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code --web [ADDR:]PORT} and {@code --history LOG} ask for.
 *
 * @param history the JSON record log to seed the history from; empty: stdout's file, when it is one
 */
public record WebOptions(MetricsAddress address, Optional<Path> history) {

    /** Parses the value of {@code --web} as {@code --metrics} parses its own; the message is the one-line reason. */
    public static MetricsAddress parseAddress(String text) {
        try {
            return MetricsAddress.parse(text);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(invalid.getMessage().replaceFirst("^--metrics", "--web"), invalid);
        }
    }
}
