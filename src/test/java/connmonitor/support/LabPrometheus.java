package connmonitor.support;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.lab.ExecResult;
import connmonitor.lab.Lab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Prometheus running inside a lab node, on a lab or loopback address, with its config and
 * storage in a temporary directory of its own: an agent that scrapes and remote-writes, or a central
 * server that receives remote writes and evaluates rules. Closing it stops the process and deletes
 * the directory; the lab stops it too if a test never gets that far.
 */
public final class LabPrometheus implements AutoCloseable {

    private final Lab lab;
    private final String node;
    private final String listen;
    private final Path dir;
    private final Process process;

    private LabPrometheus(Lab lab, String node, String listen, Path dir, Process process) {
        this.lab = lab;
        this.node = node;
        this.listen = listen;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts Prometheus in {@code node}, listening on {@code listen} (HOST:PORT), with its config and
     * the files it names ({@code files}: name to content, e.g. rule files) in a fresh directory.
     *
     * @param agent agent mode (scrape and remote-write only) or a server receiving remote writes
     */
    public static LabPrometheus start(Lab lab, String node, String listen, boolean agent,
                                      String config, Map<String, String> files) throws IOException {
        Path dir = Files.createTempDirectory("connmonitor-prometheus-" + node + "-");
        try {
            Files.writeString(dir.resolve("prometheus.yml"), config);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
            List<String> command = new ArrayList<>(List.of("prometheus",
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--web.listen-address=" + listen, "--log.level=warn"));
            if (agent) {
                // Debian 12's Prometheus 2.42; Prometheus 3 spells it --agent
                command.addAll(List.of("--enable-feature=agent", "--storage.agent.path=" + dir.resolve("wal")));
            } else {
                command.addAll(List.of("--web.enable-remote-write-receiver",
                        "--storage.tsdb.path=" + dir.resolve("tsdb")));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log").toFile());
            return new LabPrometheus(lab, node, listen, dir, lab.start(node, builder));
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** Waits until /-/ready answers 200, or fails with the log. */
    public LabPrometheus awaitReady(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus in " + node + " exited: " + log());
            }
            if (curl("-o", "/dev/null", "-w", "%{http_code}", url("/-/ready")).stdout().equals("200")) {
                return this;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("prometheus in " + node + " not ready within " + limit + ": " + log());
    }

    /** The {@code data.result} of an instant query of the HTTP API, or fails with the answer. */
    public JsonNode query(String promql) {
        JsonNode answer = api(curl("-G", "--data-urlencode", "query=" + promql, url("/api/v1/query")));
        return answer.get("data").get("result");
    }

    /** The {@code data.alerts} of /api/v1/alerts: every pending and firing alert. */
    public JsonNode alerts() {
        return api(curl(url("/api/v1/alerts"))).get("data").get("alerts");
    }

    /** What Prometheus logged (warnings and errors), for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private JsonNode api(ExecResult result) {
        JsonNode answer = Json.parse(result.orThrow().stdout());
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("prometheus in " + node + " answered " + answer);
        }
        return answer;
    }

    private String url(String path) {
        return "http://" + listen + path;
    }

    private ExecResult curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "5"));
        command.addAll(List.of(args));
        return lab.exec(node, command.toArray(String[]::new));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        delete(dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
