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
    /** An IP TOS byte (DSCP and ECN bits) or IPv6 traffic class. */
    BYTE {
        @Override
        Object parse(String text) {
            return integer(text, 0, 255, "an integer from 0 to 255");
        }
    },
    /** {@code proto=}: icmp (4.1.3's echo), udp or tcp, in any case. */
    PROTO {
        @Override
        Object parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "icmp" -> Protocol.ICMP;
                case "udp" -> Protocol.UDP;
                case "tcp" -> Protocol.TCP;
                default -> throw new InvalidValue("must be icmp, udp or tcp");
            };
        }
    },
    PORT {
        @Override
        Object parse(String text) {
            return integer(text, 1, 65_535, "a port from 1 to 65535");
        }
    },
    FAMILY {
        @Override
        Object parse(String text) {
            return switch (text) {
                case "4" -> FleetOptions.AddressFamily.V4;
                case "6" -> FleetOptions.AddressFamily.V6;
                default -> throw new InvalidValue("must be 4 or 6");
            };
        }
    },
    /** {@code all}: every address of a name is a target; {@code first}: the first one (the default). */
    ADDRESSES {
        @Override
        Object parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "all" -> true;
                case "first" -> false;
                default -> throw new InvalidValue("must be all or first");
            };
        }
    },
    /** Milliseconds between lookups of a name; 0 = once per load. Under a second would only load DNS. */
    RESOLVE {
        @Override
        Object parse(String text) {
            String expected = "must be 0 (once per load) or milliseconds from 1000 to " + (long) MAX_PERIOD_MILLIS;
            if (!UNSIGNED_INTEGER.matcher(text).matches()) {
                throw new InvalidValue(expected);
            }
            String digits = LEADING_ZEROS.matcher(LEADING_PLUS.matcher(text).replaceFirst("")).replaceFirst("");
            if (digits.length() > 12) {
                throw new InvalidValue(expected);
            }
            long value = Long.parseLong(digits);
            if (value != 0 && (value < 1000 || value > MAX_PERIOD_MILLIS)) {
                throw new InvalidValue(expected);
            }
            return value;
        }
    },
    /** A local address to send from: an IPv4 or IPv6 literal, never a name (it must not need DNS). */
    ADDRESS {
        @Override
        Object parse(String text) {
            java.net.InetAddress address;
            try {
                address = java.net.InetAddress.ofLiteral(text);
            } catch (IllegalArgumentException notALiteral) {
                throw new InvalidValue("must be an IPv4 or IPv6 address");
            }
            if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
                throw new InvalidValue("must be a unicast address of this machine");
            }
            return address;
        }
    },
    /** A network interface name as Linux accepts it (dev_valid_name): 1 to 15 bytes, no '/', ':' or blanks. */
    INTERFACE {
        @Override
        Object parse(String text) {
            boolean valid = !text.isEmpty() && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 15
                    && !text.equals(".") && !text.equals("..")
                    && text.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/' && c != ':');
            if (!valid) {
                throw new InvalidValue("must be an interface name (1 to 15 characters, no '/' or ':')");
            }
            return text;
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
