package connmonitor.cli;

import connmonitor.config.ConfigLoader;
import connmonitor.config.ConfigSource;
import connmonitor.config.Target;
import connmonitor.output.Log;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code --check FILE}: the same load as start-up, every problem printed, exit 0 when it would start. */
final class CheckCommand {

    private CheckCommand() {
    }

    static ExitCode run(String file, PrintStream out) {
        Optional<List<Target>> targets = LoadReport.usableTargets(
                ConfigLoader.load(new ConfigSource.File(Path.of(file))), Log.stderr());
        if (targets.isEmpty()) {
            return ExitCode.FAILURE;
        }
        int hosts = targets.get().size();
        out.println(file + ": OK, " + hosts + " host" + (hosts == 1 ? "" : "s") + " to monitor");
        return ExitCode.OK;
    }
}
