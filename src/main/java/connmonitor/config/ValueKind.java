package connmonitor.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** How an option value is parsed and which values are in range; the reasons are user-facing. */
enum ValueKind {
    /** Milliseconds between runs of a measurement; 0 turns it off. At most a year, so timers cannot overflow. */
    PERIOD {
        @Override
        Object parse(String text) {
            if (!DECIMAL.matcher(text).matches()) {
                throw new InvalidValue("must be a number of milliseconds >= 0");
            }
            double value = Double.parseDouble(text);
            if (value > MAX_PERIOD_MILLIS) {
                throw new InvalidValue("must be at most " + (long) MAX_PERIOD_MILLIS + " (a year)");
            }
            return value;
        }
    },
    COUNT {
        @Override
        Object parse(String text) {
            return integer(text, 1, 65_535, "an integer from 1 to 65535");
        }
    },
    /** 65507 = 65535 - 20 (IPv4 header) - 8 (ICMP header): the largest echo payload IPv4 can carry. */
    PAYLOAD {
        @Override
        Object parse(String text) {
            return integer(text, 1, MAX_PAYLOAD, "an integer from 1 to " + MAX_PAYLOAD + " (it must fit an IP packet)");
        }
    },
    HOPS {
        @Override
        Object parse(String text) {
            return integer(text, 1, 255, "an integer from 1 to 255");
        }
    },
    /** Probes per hop per trace: like mtr's rounds folded into one trace; more than 10 is a flood. */
    PROBES {
        @Override
        Object parse(String text) {
            return integer(text, 1, MAX_PROBES, "an integer from 1 to " + MAX_PROBES);
        }
    },
    /** Like connmonitor 4.x: an integer (non-zero is true) or the words True/False in any case. */
    FLAG {
        @Override
        Object parse(String text) {
            String word = text.toLowerCase(Locale.ROOT);
            if (word.equals("true")) {
                return true;
            }
            if (word.equals("false")) {
                return false;
            }
            if (SIGNED_INTEGER.matcher(text).matches()) {
                return text.chars().anyMatch(c -> c >= '1' && c <= '9');
            }
            throw new InvalidValue("must be True, False or an integer");
        }
    };

    static final int MAX_PAYLOAD = 65_507;
    static final int MAX_PROBES = 10;
    static final double MAX_PERIOD_MILLIS = 365.0 * 24 * 3600 * 1000;

    private static final Pattern DECIMAL = Pattern.compile("\\+?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");
    private static final Pattern UNSIGNED_INTEGER = Pattern.compile("\\+?\\d+");
    private static final Pattern SIGNED_INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern LEADING_PLUS = Pattern.compile("^\\+");
    private static final Pattern LEADING_ZEROS = Pattern.compile("^0+(?=\\d)");

    /** Returns the parsed value (Double, Integer or Boolean) or throws {@link InvalidValue} with the reason. */
    abstract Object parse(String text);

    private static int integer(String text, int min, int max, String expected) {
        if (!UNSIGNED_INTEGER.matcher(text).matches()) {
            throw new InvalidValue("must be " + expected);
        }
        String digits = LEADING_ZEROS.matcher(LEADING_PLUS.matcher(text).replaceFirst("")).replaceFirst("");
        if (digits.length() > 6) {
            throw new InvalidValue("must be " + expected);
        }
        int value = Integer.parseInt(digits);
        if (value < min || value > max) {
            throw new InvalidValue("must be " + expected);
        }
        return value;
    }

    static final class InvalidValue extends RuntimeException {
        InvalidValue(String reason) {
            super(reason, null, false, false);
        }
    }
}
