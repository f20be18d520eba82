package connmonitor.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time for {@code --since}/{@code --until}, as ms since the epoch: an ISO date or date-time (local time
 * unless it has a zone, e.g. {@code 2026-11-25}, {@code 2026-11-25T08:30}, {@code 2026-11-25T08:30:00Z}),
 * a span before now ({@code 90m}, {@code 36h}, {@code 7d}, also written {@code -7d}), {@code now}, or
 * ms since the epoch as the records write them.
 */
final class TimeArgument {

    private static final Pattern SPAN = Pattern.compile("-?(\\d+(?:\\.\\d+)?)([smhdw])");
    private static final Pattern EPOCH_MS = Pattern.compile("\\d{12,}(?:\\.\\d+)?");

    private TimeArgument() {
    }

    static double parse(String text, Instant now, ZoneId zone) {
        String t = text.strip();
        if (t.equals("now")) {
            return now.toEpochMilli();
        }
        Matcher span = SPAN.matcher(t);
        if (span.matches()) {
            return now.toEpochMilli() - Double.parseDouble(span.group(1)) * unitMillis(span.group(2));
        }
        if (EPOCH_MS.matcher(t).matches()) {
            return Double.parseDouble(t);
        }
        String iso = t.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeParseException notWithOffset) {
            // next form
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            // next form
        }
        try {
            return LocalDateTime.parse(iso).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException notLocal) {
            // next form
        }
        try {
            return LocalDate.parse(iso).atStartOfDay(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException notADate) {
            throw new IllegalArgumentException("'" + text + "' is no time: use 2026-11-25, 2026-11-25T08:30,"
                    + " 2026-11-25T08:30:00Z, 36h (before now), now, or ms since the epoch");
        }
    }

    private static double unitMillis(String unit) {
        return switch (unit) {
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> 7 * 86_400_000.0;
        };
    }
}
