package connmonitor.cli;

import connmonitor.config.ConfigLoader;
import connmonitor.config.ConfigSource;
import connmonitor.config.Target;
import connmonitor.http.WebConfig;
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
        return run(file, Optional.empty(), out);
    }

    /** As {@link #run(String, PrintStream)}, and the web config file (every file it names read) when given. */
    static ExitCode run(String file, Optional<Path> webConfigFile, PrintStream out) {
        Log log = Log.stderr();
        Optional<List<Target>> targets = LoadReport.usableTargets(
                ConfigLoader.load(new ConfigSource.File(Path.of(file))), log);
        Optional<WebConfig> webConfig = Endpoints.webConfig(webConfigFile, log);
        if (targets.isEmpty() || webConfig.isEmpty()) {
            return ExitCode.FAILURE;
        }
        if (webConfigFile.isPresent()) {
            out.println(webConfigFile.get() + ": OK, " + webConfig.get().summary());
        }
        int hosts = targets.get().size();
        out.println(file + ": OK, " + hosts + " host" + (hosts == 1 ? "" : "s") + " to monitor");
        return ExitCode.OK;
    }
}
