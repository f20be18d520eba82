package connmonitor.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and collects its output; the lab's only way to call ip, nft and sysctl. */
final class Shell {

    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private Shell() {
    }

    static ExecResult run(List<String> command) {
        return run(command, null, TIMEOUT);
    }

    /** Runs the command, feeding it {@code input} (may be null) and killing it after {@code timeout}. */
    static ExecResult run(List<String> command, String input, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = collect(process.getInputStream());
        CompletableFuture<String> stderr = collect(process.getErrorStream());
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the command did not read its input; its exit code and stderr will say why
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("command did not finish within " + timeout + ": "
                        + String.join(" ", command));
            }
            return new ExecResult(command, process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException("cannot read output of " + String.join(" ", command),
                    new IOException(e.getCause()));
        }
    }

    private static CompletableFuture<String> collect(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
