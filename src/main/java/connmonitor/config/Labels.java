package connmonitor.config;

import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A host's own labels, {@code label.NAME=VALUE}: the prefix is an option name (any case), NAME follows
 * Prometheus's label-name rules and keeps its case, VALUE is any text without blanks or control
 * characters. Names that connmonitor's own series or records use are refused, so a user label can
 * never overwrite or shadow one of ours.
 */
public final class Labels {

    private static final String PREFIX = "label.";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /**
     * Label names of connmonitor's own series ({@code host}, {@code addr}, {@code stat}, {@code kind},
     * {@code service}, {@code hop}, {@code hop_addr}, {@code vantage}, {@code proto}) and of Prometheus histograms and summaries ({@code le},
     * {@code quantile}).
     */
    public static final Set<String> RESERVED = Set.of("host", "addr", "stat", "kind", "service", "hop", "hop_addr",
            "vantage", "proto", "le", "quantile");

    private Labels() {
    }

    static boolean isLabel(String token) {
        return token.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** Adds the label of this token; the reason when it cannot be added. */
    static Optional<String> read(String token, SequencedMap<String, String> labels) {
        int equals = token.indexOf('=');
        if (equals < 0 || equals == token.length() - 1) {
            return Optional.of("malformed option " + ConfigParser.shown(token) + ": expected label.NAME=VALUE");
        }
        String name = token.substring(PREFIX.length(), equals);
        String value = token.substring(equals + 1);
        Optional<String> badName = nameProblem(name);
        if (badName.isPresent()) {
            return badName;
        }
        if (value.indexOf('\uFFFD') >= 0) {
            return Optional.of("label '" + name + "': value is not valid UTF-8");
        }
        if (value.codePoints().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))) {
            return Optional.of("label '" + name + "': value " + ConfigParser.shown(value)
                    + " must not hold control characters");
        }
        if (labels.putIfAbsent(name, value) != null) {
            return Optional.of("label '" + name + "' is given more than once");
        }
        return Optional.empty();
    }

    /** Why a label name cannot be used (as a host label, or as a vantage's key), or empty when it can. */
    static Optional<String> nameProblem(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.of("label name " + ConfigParser.shown(name)
                    + " must start with a letter or '_' and hold only letters, digits and '_' (Prometheus label names)");
        }
        if (name.startsWith("__")) {
            return Optional.of("label name '" + name + "': names starting with '__' are reserved by Prometheus");
        }
        if (RESERVED.contains(name)) {
            return Optional.of("label name '" + name + "' is one of connmonitor's own labels ("
                    + String.join(", ", RESERVED.stream().sorted().toList()) + ")");
        }
        return Optional.empty();
    }
}
