package connmonitor.lab;

import java.util.List;

/**
 * A finished command: what it was, how it exited and everything it printed.
 *
 * @param command  the command as run (including the {@code ip netns exec NS} prefix, if any)
 * @param exitCode its exit status
 * @param stdout   everything it wrote to stdout
 * @param stderr   everything it wrote to stderr
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    public ExecResult {
        command = List.copyOf(command);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** This result when the command succeeded; otherwise an exception with its command and stderr. */
    public ExecResult orThrow() {
        if (!ok()) {
            throw new IllegalStateException("command failed (exit " + exitCode + "): " + String.join(" ", command)
                    + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        }
        return this;
    }
}
