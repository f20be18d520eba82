package connmonitor.probe;

import connmonitor.config.Options;
import java.util.Locale;

/** The measurement loops a host can have, each on its own period: 4.1.3's three, and ours ({@code paths=}). */
public enum Kind {
    PING, TRACE, SCAN, PATHS;

    private final String word = name().toLowerCase(Locale.ROOT);

    /** The lower-case word used in JSON keys, metrics labels and messages. */
    public String word() {
        return word;
    }

    /** How often this kind runs for a host with these options; 0 or less means never. */
    public double periodMillis(Options options) {
        return switch (this) {
            case PING -> options.pingMillis();
            case TRACE -> options.traceMillis();
            case SCAN -> options.scanMillis();
            case PATHS -> options.pathsMillis();
        };
    }
}
