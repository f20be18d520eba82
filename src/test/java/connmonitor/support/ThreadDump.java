package connmonitor.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hung process's threads, kept for the failure message: a test that waits in vain for an exit
 * should say where the process is stuck, not only that it is.
 */
final class ThreadDump {

    private ThreadDump() {
    }

    /** Writes jcmd's Thread.print of the process to target/thread-dumps and returns the path, or why not. */
    static String of(long pid) {
        try {
            Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
            Path dir = Files.createDirectories(Path.of("target", "thread-dumps"));
            Path file = dir.resolve("connmonitor-" + pid + "-" + System.currentTimeMillis() + ".txt");
            Process dump = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), "Thread.print"))
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            if (!dump.waitFor(20, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return "jcmd did not answer within 20 s (" + file.toAbsolutePath() + ")";
            }
            return file.toAbsolutePath().toString();
        } catch (IOException | RuntimeException e) {
            return "no thread dump: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }
}
