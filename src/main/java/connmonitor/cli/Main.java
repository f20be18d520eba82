package connmonitor.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** Entry point: parses the command line and hands over to the command it names. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
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
                connmonitor.output.Log.stderr().error("UsageError", usage.problem() + " (see connmonitor --help)");
                yield ExitCode.FAILURE;
            }
            case Arguments.Check check -> CheckCommand.run(check.configFile(), out);
            case Arguments.Subcommand sub -> connmonitor.report.ReportCommand.run(
                    sub.arguments(), out, connmonitor.output.Log.stderr()) == 0 ? ExitCode.OK : ExitCode.FAILURE;
            case Arguments.Run run -> {
                connmonitor.output.Log.stderr().error("NotImplemented", "the monitor loop is not built yet");
                yield ExitCode.FAILURE;
            }
        };
    }
}
