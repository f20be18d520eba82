package connmonitor.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of {@code connmonitor report}; a bad one becomes {@link Problem} with the reason. */
sealed interface ReportArguments {

    String USAGE = """
            usage: connmonitor report LOG... [-o report.html] [--since TIME] [--until TIME] [--host NAME]...
                                [--label NAME=VALUE]... [--vantage NAME]...
              LOG            JSON record logs of connmonitor (json=1); .gz rotated logs too; - is stdin
              -o FILE        where to write the page (default report.html; - is stdout)
              --since TIME   only records at or after TIME;  --until TIME  only records at or before TIME
                             TIME: 2026-11-25, 2026-11-25T08:30 (local), 2026-11-25T08:30:00Z, 36h or 7d
                             (that long before now), now, or ms since the epoch
              --host NAME    only this host (its config name or address); may be given more than once
              --label NAME=VALUE  only hosts with this label (label.NAME=VALUE in the config); every
                             --label given must match
              --vantage NAME only records of the monitor run with --vantage NAME; may be given more than once
            """;

    record Options(List<String> logs, String output, Filter filter) implements ReportArguments {
    }

    record Help() implements ReportArguments {
    }

    record Problem(String message) implements ReportArguments {
    }

    static ReportArguments parse(List<String> args, Instant now, ZoneId zone) {
        List<String> logs = new ArrayList<>();
        String output = "report.html";
        double since = Double.NEGATIVE_INFINITY;
        double until = Double.POSITIVE_INFINITY;
        Set<String> hosts = new LinkedHashSet<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Set<String> vantages = new LinkedHashSet<>();
        boolean onlyFiles = false;
        List<String> words = splitEquals(args);
        try {
            for (int i = 0; i < words.size(); i++) {
                String arg = words.get(i);
                if (onlyFiles || arg.equals("-") || !arg.startsWith("-")) {
                    logs.add(arg);
                    continue;
                }
                switch (arg) {
                    case "--" -> onlyFiles = true;
                    case "-h", "--help" -> {
                        return new Help();
                    }
                    case "-o", "--output" -> output = value(words, i++);
                    case "--since" -> since = TimeArgument.parse(value(words, i++), now, zone);
                    case "--until" -> until = TimeArgument.parse(value(words, i++), now, zone);
                    case "--host" -> hosts.add(value(words, i++));
                    case "--label" -> label(value(words, i++), labels);
                    case "--vantage" -> vantages.add(value(words, i++));
                    default -> {
                        return new Problem("unknown option '" + arg + "'");
                    }
                }
            }
        } catch (IllegalArgumentException bad) {
            return new Problem(bad.getMessage());
        }
        if (logs.isEmpty()) {
            return new Problem("no log file given");
        }
        if (since > until) {
            return new Problem("--since is after --until");
        }
        return new Options(List.copyOf(logs), output, new Filter(since, until, hosts, labels, vantages));
    }

    /** {@code NAME=VALUE}; the same NAME twice can never match, so it is refused. */
    private static void label(String pair, Map<String, String> labels) {
        int equals = pair.indexOf('=');
        if (equals <= 0 || equals == pair.length() - 1) {
            throw new IllegalArgumentException("--label '" + pair + "': expected NAME=VALUE, e.g. --label site=fra1");
        }
        if (labels.putIfAbsent(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
            throw new IllegalArgumentException("--label " + pair.substring(0, equals) + " is given more than once");
        }
    }

    /** The argument after option {@code at}, its value. */
    private static String value(List<String> words, int at) {
        if (at + 1 >= words.size()) {
            throw new IllegalArgumentException(words.get(at) + " needs a value");
        }
        return words.get(at + 1);
    }

    /** {@code --since=7d} is read as {@code --since 7d}; after {@code --} every word is a file. */
    private static List<String> splitEquals(List<String> args) {
        List<String> words = new ArrayList<>();
        boolean onlyFiles = false;
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!onlyFiles && arg.startsWith("--") && equals > 2) {
                words.add(arg.substring(0, equals));
                words.add(arg.substring(equals + 1));
            } else {
                words.add(arg);
                onlyFiles |= arg.equals("--");
            }
        }
        return words;
    }
}
