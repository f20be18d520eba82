package connmonitor.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a helper command (dpkg, systemd-analyze, man, ...) to its end and hands back what it printed. */
public final class Commands {

    private static final long LIMIT_SECONDS = 120;

    private Commands() {
    }

    public record Outcome(List<String> command, int exit, String out, String err) {
        /** The outcome, or a test failure that shows everything the command printed. */
        public Outcome ok() {
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exit + "\nstdout: " + out
                        + "\nstderr: " + err);
            }
            return this;
        }
    }

    public static Outcome run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    /** Runs with extra environment variables (a null value removes the variable). */
    public static Outcome run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + LIMIT_SECONDS + " s");
        }
        return new Outcome(List.copyOf(command), process.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException closed) {
            return "";
        }
    }
}
