package connmonitor.cli;

import connmonitor.config.ConfigError;
import connmonitor.config.ConfigLoader;
import connmonitor.config.ConfigSource;
import connmonitor.output.Log;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code --check FILE}: the same load as start-up, every problem printed, exit 0 when it would start. */
final class CheckCommand {

    private CheckCommand() {
    }

    static ExitCode run(String file, PrintStream out) {
        Log log = Log.stderr();
        return switch (ConfigLoader.load(new ConfigSource.File(Path.of(file)))) {
            case ConfigLoader.Outcome.Unreadable unreadable -> {
                log.error("FileNotFoundError", unreadable.reason());
                yield ExitCode.FAILURE;
            }
            case ConfigLoader.Outcome.Invalid invalid -> {
                invalid.errors().forEach(e -> log.error("ConfigError", e.toString()));
                yield ExitCode.FAILURE;
            }
            case ConfigLoader.Outcome.Loaded loaded -> {
                loaded.unresolved().forEach(e -> log.error("UnknownHostError", e.toString()));
                out.println(file + ": OK, " + loaded.targets().size() + " host"
                        + (loaded.targets().size() == 1 ? "" : "s") + " to monitor");
                yield ExitCode.OK;
            }
        };
    }

}
