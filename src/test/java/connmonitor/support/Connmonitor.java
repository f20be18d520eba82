package connmonitor.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged connmonitor jar running as a real process, as a user starts it: tests read its stdout
 * line by line, its stderr, send it signals and wait for its exit code.
 */
public final class Connmonitor implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    /**
     * Every line, for {@link #stdoutLines}: a plain list under its own lock. A copy-on-write list here
     * copied the whole list on every line, and at the thousands of records a second of a few hundred
     * hosts that reader fell behind the process (845 lines/s at a load of 21), filling the pipe and
     * stalling the process's writes: tests then measured the harness, not connmonitor.
     */
    private final List<String> stdoutSeen = new ArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private Connmonitor(Process process) {
        this.process = process;
        outReader = Thread.ofVirtual().start(() -> pump(process.getInputStream(), line -> {
            synchronized (stdoutSeen) {
                stdoutSeen.add(line);
            }
            stdout.add(line);
        }));
        errReader = Thread.ofVirtual().start(() -> pump(process.getErrorStream(), stderr::add));
    }

    /**
     * The java of this JVM (JDK 25) with connmonitor's JVM options (the file bin/connmonitor and the .deb
     * use) and the jar failsafe points at. {@code env --default-signal} starts it with every signal at
     * its default action, as from a terminal: a suite started in the background ({@code bin/test &})
     * inherits SIGINT ignored, and the JVM would then never see the SIGINT a test sends.
     */
    public static List<String> command(String... args) {
        String jar = System.getProperty("connmonitor.jar", "target/connmonitor.jar");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of("env", "--default-signal", java, jvmArgsFile(),
                "-jar", Path.of(jar).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code @FILE}: connmonitor's JVM options, from src/main/jvm (pom.xml names the file). */
    public static String jvmArgsFile() {
        return "@" + Path.of(System.getProperty("connmonitor.jvm.args", "src/main/jvm/connmonitor.args"))
                .toAbsolutePath();
    }

    public static Connmonitor start(String... args) throws IOException {
        return start(command(args));
    }

    /** Starts connmonitor inside a network namespace, as {@code ip netns exec NAMESPACE connmonitor ARGS}. */
    public static Connmonitor startInNamespace(String namespace, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.addAll(command(args));
        return start(command);
    }

    /** Starts a full command line, e.g. prefixed with {@code ip netns exec NS}. */
    public static Connmonitor start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TZ", "UTC");
        return new Connmonitor(builder.start());
    }

    /** Runs to completion with the given stdin and returns exit code, stdout and stderr. */
    public static Result run(String stdin, Duration limit, String... args) throws Exception {
        try (Connmonitor connmonitor = start(args)) {
            connmonitor.writeStdin(stdin, true);
            int exit = connmonitor.waitFor(limit);
            return new Result(exit, connmonitor.stdoutLines(), connmonitor.stderrLines());
        }
    }

    public record Result(int exitCode, List<String> stdout, List<String> stderr) {
        public String stderrText() {
            return String.join("\n", stderr);
        }
    }

    public void writeStdin(String text, boolean close) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
        if (close) {
            in.close();
        }
    }

    /** Closes our end of the process's stdout, as a reader that went away (| head) does. */
    public void closeStdout() throws IOException {
        process.getInputStream().close();
    }

    public long pid() {
        return process.pid();
    }

    /** The next stdout line, or fails the test when none comes in time. */
    public String nextLine(Duration limit) throws InterruptedException {
        String line = stdout.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no output line within " + limit + "; stderr: " + stderr);
        }
        return line;
    }

    /** Skips lines until one matches; fails the test when none does in time. */
    public String nextLineMatching(Predicate<String> wanted, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? stdout.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no matching output line within " + limit + "; skipped "
                        + skipped.size() + " lines, the last: " + skipped.subList(Math.max(0, skipped.size() - 5),
                        skipped.size()) + "; stderr: " + stderr);
            }
            if (wanted.test(line)) {
                return line;
            }
            skipped.add(line);
        }
    }

    /** Waits until stderr has a line matching, or fails. */
    public String awaitStderr(Predicate<String> wanted, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : stderr) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching stderr line within " + limit + "; stderr: " + stderr);
    }

    /** Takes the unread stdout lines, and forgets them: for long runs that must not hoard output. */
    public List<String> takeLines() {
        List<String> lines = new ArrayList<>();
        synchronized (stdoutSeen) {
            stdout.drainTo(lines);
            stdoutSeen.clear();
        }
        return lines;
    }

    /** Drops the stdout lines received so far from the queue of unread lines. */
    public void skipPending() {
        stdout.clear();
    }

    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " failed");
        }
    }

    /** Waits for the exit and for both output streams to be read to their end. */
    public int waitFor(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("connmonitor did not exit within " + limit + "; stderr: " + stderr
                    + "; its threads: " + ThreadDump.of(process.pid()));
        }
        outReader.join(5_000);
        errReader.join(5_000);
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Every stdout line seen so far, read or not. */
    public List<String> stdoutLines() {
        synchronized (stdoutSeen) {
            return List.copyOf(stdoutSeen);
        }
    }

    public List<String> stderrLines() {
        return List.copyOf(stderr);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pump(InputStream in, java.util.function.Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException closed) {
            // the process ended
        }
    }
}
