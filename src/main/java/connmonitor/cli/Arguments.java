package connmonitor.cli;

import connmonitor.metrics.MetricsAddress;
import connmonitor.web.WebOptions;
import connmonitor.metrics.MetricsOptions;
import connmonitor.metrics.RttHistogram;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The command line: {@code connmonitor [input-file]} and its extensions. Parsing never exits the
 * process; a bad command line becomes {@link Usage} with the reason.
 */
sealed interface Arguments {

    /**
     * Run the monitor on a config file, or on stdin when there is none; serve metrics (as the options say) and the
     * live view when asked; name the monitor in a fleet.
     */
    record Run(Optional<String> configFile, Optional<MetricsAddress> metricsAddress, MetricsOptions metricsOptions,
               Optional<String> vantage, Optional<WebOptions> web, EngineCount engines)
            implements Arguments {

        /** With as many ICMP engines as the config's echo rate needs. */
        Run(Optional<String> configFile, Optional<MetricsAddress> metricsAddress, MetricsOptions metricsOptions,
            Optional<String> vantage, Optional<WebOptions> web) {
            this(configFile, metricsAddress, metricsOptions, vantage, web, EngineCount.AUTOMATIC);
        }
    }

    /** Validate a config file (parse and resolve), and a web config file when one is given, and exit. */
    record Check(String configFile, Optional<Path> webConfigFile) implements Arguments {

        Check(String configFile) {
            this(configFile, Optional.empty());
        }
    }

    record Version() implements Arguments {
    }

    record Help() implements Arguments {
    }

    /** Anything else another command handles itself, e.g. {@code report}. */
    record Subcommand(String name, List<String> arguments) implements Arguments {
    }

    record Usage(String problem) implements Arguments {
    }

    static Arguments parse(List<String> args) {
        if (!args.isEmpty() && args.getFirst().equals("report")) {
            return new Subcommand("report", List.copyOf(args.subList(1, args.size())));
        }
        Optional<String> file = Optional.empty();
        Optional<String> metrics = Optional.empty();
        Optional<String> vantage = Optional.empty();
        Optional<String> web = Optional.empty();
        Optional<String> history = Optional.empty();
        Optional<String> histogram = Optional.empty();
        Optional<String> webConfig = Optional.empty();
        Optional<String> engines = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-v", "-V", "--version" -> {
                    return new Version();
                }
                case "-h", "--help" -> {
                    return new Help();
                }
                case "--check" -> {
                    if (i + 1 >= args.size()) {
                        return new Usage("--check needs a config file");
                    }
                    return new Check(args.get(i + 1), webConfigAmong(args));
                }
                case "--metrics" -> {
                    if (i + 1 >= args.size()) {
                        return new Usage("--metrics needs ADDRESS:PORT (or PORT)");
                    }
                    if (metrics.isPresent()) {
                        return new Usage("--metrics can be given only once");
                    }
                    metrics = Optional.of(args.get(++i));
                }
                case "--engines" -> {
                    if (i + 1 >= args.size()) {
                        return new Usage("--engines needs a NUMBER of ICMP engines (1 to " + EngineCount.MAX + ")");
                    }
                    if (engines.isPresent()) {
                        return new Usage("--engines can be given only once");
                    }
                    engines = Optional.of(args.get(++i));
                }
                case "--vantage" -> {
                    if (i + 1 >= args.size()) {
                        return new Usage("--vantage needs a NAME for this monitor");
                    }
                    if (vantage.isPresent()) {
                        return new Usage("--vantage can be given only once");
                    }
                    vantage = Optional.of(args.get(++i));
                }
                case "--web", "--history" -> {
                    if (i + 1 >= args.size()) {
                        return new Usage(arg + (arg.equals("--web") ? " needs ADDRESS:PORT (or PORT)" : " needs a log file"));
                    }
                    if ((arg.equals("--web") ? web : history).isPresent()) {
                        return new Usage(arg + " can be given only once");
                    }
                    if (arg.equals("--web")) {
                        web = Optional.of(args.get(++i));
                    } else {
                        history = Optional.of(args.get(++i));
                    }
                }
                case "--metrics-rtt-histogram", "--web.config.file" -> {
                    if (i + 1 >= args.size()) {
                        return new Usage(arg + " needs a value");
                    }
                    if ((arg.startsWith("--web") ? webConfig : histogram).isPresent()) {
                        return new Usage(arg + " can be given only once");
                    }
                    if (arg.startsWith("--web")) {
                        webConfig = Optional.of(args.get(++i));
                    } else {
                        histogram = Optional.of(args.get(++i));
                    }
                }
                default -> {
                    if (arg.startsWith("--web=") || arg.startsWith("--history=")) {
                        String name = arg.substring(0, arg.indexOf('='));
                        if ((name.equals("--web") ? web : history).isPresent()) {
                            return new Usage(name + " can be given only once");
                        }
                        String value = arg.substring(name.length() + 1);
                        if (name.equals("--web")) {
                            web = Optional.of(value);
                        } else {
                            history = Optional.of(value);
                        }
                    } else if (arg.startsWith("--vantage=")) {
                        if (vantage.isPresent()) {
                            return new Usage("--vantage can be given only once");
                        }
                        vantage = Optional.of(arg.substring("--vantage=".length()));
                    } else if (arg.startsWith("--metrics-rtt-histogram=") || arg.startsWith("--web.config.file=")) {
                        String name = arg.substring(0, arg.indexOf('='));
                        String value = arg.substring(arg.indexOf('=') + 1);
                        if ((name.startsWith("--web") ? webConfig : histogram).isPresent()) {
                            return new Usage(name + " can be given only once");
                        }
                        if (name.startsWith("--web")) {
                            webConfig = Optional.of(value);
                        } else {
                            histogram = Optional.of(value);
                        }
                    } else if (arg.startsWith("--engines=")) {
                        if (engines.isPresent()) {
                            return new Usage("--engines can be given only once");
                        }
                        engines = Optional.of(arg.substring("--engines=".length()));
                    } else if (arg.startsWith("--metrics=")) {
                        if (metrics.isPresent()) {
                            return new Usage("--metrics can be given only once");
                        }
                        metrics = Optional.of(arg.substring("--metrics=".length()));
                    } else if (arg.startsWith("-") && !arg.equals("-")) {
                        return new Usage("unknown option '" + arg + "'");
                    } else if (file.isPresent()) {
                        return new Usage("only one config file can be given");
                    } else {
                        file = Optional.of(arg);
                    }
                }
            }
        }
        if (vantage.isPresent() && !validVantage(vantage.get())) {
            return new Usage("--vantage '" + vantage.get() + "': a NAME of 1 to 128 characters without blanks "
                    + "or control characters");
        }
        if (history.isPresent() && web.isEmpty()) {
            return new Usage("--history seeds the live view: it needs --web");
        }
        if (history.isPresent() && history.get().isEmpty()) {
            return new Usage("--history needs a log file");
        }
        if (metrics.isEmpty() && histogram.isPresent()) {
            return new Usage("--metrics-rtt-histogram needs --metrics");
        }
        if (metrics.isEmpty() && web.isEmpty() && webConfig.isPresent()) {
            return new Usage("--web.config.file secures --metrics and --web: it needs one of them");
        }
        if (webConfig.isPresent() && webConfig.get().isEmpty()) {
            return new Usage("--web.config.file needs a file");
        }
        try {
            Optional<Path> historyFile = history.map(Path::of);
            Optional<MetricsAddress> metricsAddress = metrics.map(MetricsAddress::parse);
            Optional<WebOptions> webOptions = web.map(text -> new WebOptions(WebOptions.parseAddress(text), historyFile));
            if (webOptions.isPresent() && webOptions.get().address().equals(metricsAddress.orElse(null))) {
                return new Usage("--web and --metrics are two servers: give them different ports");
            }
            MetricsOptions options = new MetricsOptions(histogram.map(RttHistogram::parse).orElse(RttHistogram.CLASSIC),
                    webConfig.map(Path::of));
            EngineCount engineCount = engines.isPresent() ? EngineCount.parse(engines.get()) : EngineCount.AUTOMATIC;
            return new Run(file.filter(f -> !f.equals("-")), metricsAddress, options, vantage, webOptions, engineCount);
        } catch (IllegalArgumentException invalid) { // also java.nio.file.InvalidPathException
            return new Usage(invalid.getMessage());
        }
    }

    /** For --check: the --web.config.file among the other arguments, in either spelling; the rest are not read. */
    private static Optional<Path> webConfigAmong(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--web.config.file") && i + 1 < args.size()) {
                return Optional.of(Path.of(args.get(i + 1)));
            }
            if (args.get(i).startsWith("--web.config.file=")) {
                return Optional.of(Path.of(args.get(i).substring("--web.config.file=".length())));
            }
        }
        return Optional.empty();
    }

    /** A vantage name goes into every JSON record and metric label: visible text, no blanks. */
    private static boolean validVantage(String name) {
        return !name.isEmpty() && name.length() <= 128
                && name.codePoints().allMatch(c -> c > 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)
                        && !Character.isWhitespace(c) && c != 0xfffd);
    }
}
