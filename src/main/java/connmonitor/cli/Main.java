package connmonitor.cli;

import connmonitor.config.ConfigSource;
import connmonitor.output.Log;
import connmonitor.output.Version;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/** Entry point: parses the command line and hands over to the command it names. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Names are looked up again every resolve= period; the JVM's own 30 s cache of answers would hide a
        // change behind a stale answer. The system's resolver (nscd, systemd-resolved) still caches as told.
        java.security.Security.setProperty("networkaddress.cache.ttl", "0");
        System.exit(run(args, System.out).code);
    }

    static ExitCode run(String[] args, PrintStream out) {
        return switch (Arguments.parse(Arrays.asList(args))) {
            case Arguments.Version v -> {
                out.println(Version.text());
                yield ExitCode.OK;
            }
            case Arguments.Help h -> {
                out.print(Help.TEXT);
                yield ExitCode.OK;
            }
            case Arguments.Usage usage -> {
                Log.stderr().error("UsageError", usage.problem() + " (see connmonitor --help)");
                yield ExitCode.FAILURE;
            }
            case Arguments.Check check -> CheckCommand.run(check.configFile(), check.webConfigFile(), out);
            case Arguments.Subcommand sub -> connmonitor.report.ReportCommand.run(
                    sub.arguments(), out, Log.stderr()) == 0 ? ExitCode.OK : ExitCode.FAILURE;
            case Arguments.Run run -> new Daemon(run.configFile()
                    .<ConfigSource>map(file -> new ConfigSource.File(Path.of(file)))
                    .orElseGet(() -> new ConfigSource.Stdin(System.in)),
                    run.metricsAddress(), run.metricsOptions(), run.vantage(), run.web(), run.engines(), new FileOutputStream(FileDescriptor.out), Log.stderr()).run();
        };
    }
}
