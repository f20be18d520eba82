package connmonitor.probe;

import java.util.Locale;

/** The three measurement loops a host can have, each on its own period. */
public enum Kind {
    PING, TRACE, SCAN;

    /** The lower-case word used in JSON keys, metrics labels and messages. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
