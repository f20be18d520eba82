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

    /**
     * A record's time: the records of one second share it, so each second is formatted once (at 100 records a
     * second, formatting every one kept the JIT compiling {@code java.time}'s printers, 4-6 MB of memory a
     * compile; issue 19).
     */
    public static String format(long epochMicros) {
        long second = Math.floorDiv(epochMicros, 1_000_000L);
        ZoneId zone = ZoneId.systemDefault();
        Second seen = last;
        if (seen.epochSecond == second && zone.equals(seen.zone)) {
            return seen.text;
        }
        String text = format(Instant.ofEpochSecond(second));
        last = new Second(second, zone, text);
        return text;
    }

    /** The last second formatted, in the zone it was formatted for. */
    private record Second(long epochSecond, ZoneId zone, String text) {
    }

    private static volatile Second last = new Second(Long.MIN_VALUE, null, "");
}
