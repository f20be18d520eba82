package connmonitor.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the connmonitor config format: one host per line, then {@code name=value} options.
 * Every error is collected with its line number, so a user fixes a config in one pass.
 */
public final class ConfigParser {

    private static final Pattern SEPARATORS = Pattern.compile("[ \t]+");
    private static final Pattern LEADING_BLANKS = Pattern.compile("^[ \t]+");
    private static final int MAX_SHOWN_TEXT = 60;

    private ConfigParser() {
    }

    /**
     * Parses raw bytes as UTF-8; bytes that are not UTF-8 become U+FFFD, which makes an error on their
     * line (a host with it is rejected, an option with it is unknown or invalid), never a crash.
     */
    public static ParsedConfig parse(byte[] bytes) {
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    public static ParsedConfig parse(String text) {
        List<HostEntry> hosts = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        int lineNumber = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            lineNumber++;
            parseLine(lineNumber, line, hosts, errors);
        }
        return new ParsedConfig(hosts, errors);
    }

    private static void parseLine(int lineNumber, String line, List<HostEntry> hosts, List<ConfigError> errors) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return;
        }
        String[] tokens = SEPARATORS.split(LEADING_BLANKS.matcher(line).replaceFirst(""));
        String host = tokens[0];
        int errorsBefore = errors.size();
        if (host.indexOf('\uFFFD') >= 0) {
            errors.add(new ConfigError(lineNumber, "host " + shown(host) + " is not valid UTF-8"));
        } else if (host.contains("=")) {
            errors.add(new ConfigError(lineNumber, "the line must start with a host, not the option " + shown(host)));
        }
        Map<Option, Object> values = new EnumMap<>(Option.class);
        Set<Option> seen = EnumSet.noneOf(Option.class);
        SequencedMap<String, String> labels = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            if (Labels.isLabel(tokens[i])) {
                Labels.read(tokens[i], labels).ifPresent(reason -> errors.add(new ConfigError(lineNumber, reason)));
            } else {
                readOption(lineNumber, tokens[i], seen, values, errors);
            }
        }
        if (errors.size() == errorsBefore) {
            FleetOptions fleet = fleet(values, labels);
            Optional<String> conflict = fleet.conflictWith(host);
            if (conflict.isPresent()) {
                errors.add(new ConfigError(lineNumber, conflict.get()));
            } else {
                hosts.add(new HostEntry(lineNumber, host, options(values), fleet));
            }
        }
    }

    private static void readOption(int lineNumber, String token, Set<Option> seen, Map<Option, Object> values,
                                   List<ConfigError> errors) {
        int equals = token.indexOf('=');
        if (equals <= 0 || equals == token.length() - 1 || token.indexOf('=', equals + 1) >= 0) {
            errors.add(new ConfigError(lineNumber, "malformed option " + shown(token) + ": expected name=value"));
            return;
        }
        String name = token.substring(0, equals);
        String text = token.substring(equals + 1);
        Optional<Option> option = Option.named(name);
        if (option.isEmpty()) {
            errors.add(new ConfigError(lineNumber, "unknown option " + shown(name)));
            return;
        }
        if (!seen.add(option.get())) {
            errors.add(new ConfigError(lineNumber, "option '" + option.get().configName() + "' is given more than once"));
            return;
        }
        try {
            values.put(option.get(), option.get().kind.parse(text));
        } catch (ValueKind.InvalidValue invalid) {
            errors.add(new ConfigError(lineNumber, "option '" + option.get().configName() + "': value "
                    + shown(text) + " " + invalid.getMessage()));
        }
    }

    private static Options options(Map<Option, Object> values) {
        Options d = Options.DEFAULTS;
        return new Options(
                (double) values.getOrDefault(Option.PING, d.pingMillis()),
                (int) values.getOrDefault(Option.NUMPINGS, d.numPings()),
                (int) values.getOrDefault(Option.PAYLOAD, d.payload()),
                (double) values.getOrDefault(Option.TRACE, d.traceMillis()),
                (int) values.getOrDefault(Option.HOPS, d.hops()),
                (double) values.getOrDefault(Option.SCAN, d.scanMillis()),
                (boolean) values.getOrDefault(Option.JSON, d.json()),
                (boolean) values.getOrDefault(Option.TIMESTAMP, d.timestamp()),
                (int) values.getOrDefault(Option.PROBES, d.probes()),
                (double) values.getOrDefault(Option.PATH, d.pathMillis()),
                (boolean) values.getOrDefault(Option.QUANTILES, d.quantiles()),
                (double) values.getOrDefault(Option.PATHS, d.pathsMillis()));
    }

    private static FleetOptions fleet(Map<Option, Object> values, SequencedMap<String, String> labels) {
        FleetOptions d = FleetOptions.DEFAULTS;
        return new FleetOptions(labels,
                (FleetOptions.AddressFamily) values.getOrDefault(Option.FAMILY, d.family()),
                (boolean) values.getOrDefault(Option.ADDRESSES, d.allAddresses()),
                (long) values.getOrDefault(Option.RESOLVE, d.resolveMillis()),
                Optional.ofNullable((java.net.InetAddress) values.get(Option.SOURCE)),
                Optional.ofNullable((String) values.get(Option.INTERFACE)),
                (int) values.getOrDefault(Option.TOS, d.tos()),
                (int) values.getOrDefault(Option.TTL, d.ttl()),
                (Protocol) values.getOrDefault(Option.PROTO, d.proto()),
                (int) values.getOrDefault(Option.PORT, d.port()));
    }

    /** Quotes user text for a message, cut short and with control characters made visible. */
    static String shown(String text) {
        String cut = text.length() > MAX_SHOWN_TEXT ? text.substring(0, MAX_SHOWN_TEXT) + "..." : text;
        return "'" + Printable.escape(cut) + "'";
    }
}
