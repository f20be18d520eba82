package connmonitor.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the exporter toolkit's YAML holds them (Go's {@code time.ParseDuration}): a sequence of
 * decimal numbers, each with a unit ({@code 300ms}, {@code 1.5s}, {@code 1m30s}; ns, us/µs, ms, s, m, h),
 * or a bare integer, which Go's YAML reads as nanoseconds.
 */
final class GoDuration {

    private static final Pattern WHOLE = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([a-zµμ]+)((\\d+(\\.\\d*)?|\\.\\d+)([a-zµμ]+))*");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)([a-zµμ]+)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    /** Go's own bound: a duration is an int64 of nanoseconds (about 290 years). */
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** The duration the text says; IllegalArgumentException naming {@code path} when it says none. */
    static Duration parse(String text, String path) {
        if (text.matches("[-+]?\\d+")) {
            return Duration.ofNanos(nanos(new BigDecimal(text), path, text));
        }
        if (!WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException(path + " '" + text + "' is not a duration (such as 500ms, 10s, 1m30s)");
        }
        BigDecimal total = BigDecimal.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            Long unit = NANOS_PER_UNIT.get(part.group(2));
            if (unit == null) {
                throw new IllegalArgumentException(path + " '" + text + "': unknown unit '" + part.group(2)
                        + "' (ns, us, ms, s, m, h)");
            }
            total = total.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        return Duration.ofNanos(nanos(text.startsWith("-") ? total.negate() : total, path, text));
    }

    /** Short text for a duration, in the largest unit that keeps it whole or to a millisecond: 1h, 1m30s, 2.5s, 250ms. */
    static String format(Duration duration) {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = duration.toNanos();
            return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms"
                    : nanos % 1_000 == 0 ? nanos / 1_000 + "us" : nanos + "ns";
        }
        StringBuilder text = new StringBuilder();
        if (duration.toHours() > 0) {
            text.append(duration.toHours()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        BigDecimal seconds = BigDecimal.valueOf(duration.toSecondsPart())
                .add(BigDecimal.valueOf(duration.toNanosPart(), 9)).stripTrailingZeros();
        if (seconds.signum() > 0) {
            text.append(seconds.toPlainString()).append('s');
        }
        return text.toString();
    }

    private static long nanos(BigDecimal nanos, String path, String text) {
        if (nanos.abs().compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException(path + " '" + text + "' is longer than a duration can be (about 290 years)");
        }
        return nanos.longValue();
    }
}
