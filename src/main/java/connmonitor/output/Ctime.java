package connmonitor.output;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** C {@code ctime()} form in local time, e.g. {@code Wed Nov  5 12:59:59 2026} (day padded with a space). */
public final class Ctime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private Ctime() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.atZone(ZoneId.systemDefault()));
    }

    public static String format(long epochMicros) {
        return format(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1000L));
    }
}
