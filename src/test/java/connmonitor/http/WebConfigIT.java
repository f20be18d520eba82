package connmonitor.http;

import static org.assertj.core.api.Assertions.assertThat;

import connmonitor.support.Connmonitor;
import connmonitor.support.Loopback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged monitor with {@code --web.config.file}: a certificate made by openssl and a bcrypt hash, then
 * curl (and Prometheus) against /metrics and the live view, as an operator would check a secured set-up.
 */
class WebConfigIT {

    private static final String PASSWORD = "correct horse";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Path cert;
    private Path webConfig;

    @BeforeEach
    void pki() throws Exception {
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "server.key", "-out", "server.crt", "-subj", "/CN=localhost", "-days", "1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"), 0);
        cert = dir.resolve("server.crt");
        webConfig = dir.resolve("web.yml");
        Files.writeString(webConfig, """
                # as in docs/metrics.md: TLS from files next to this one, one user
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                basic_auth_users:
                  prometheus: %s
                """.formatted(TestPki.bcrypt(PASSWORD, 10)));
    }

    /** Runs a command in the test's directory; its stdout, after checking the exit code when one is expected. */
    private String run(List<String> command, Integer expectedExit) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (expectedExit != null) {
            assertThat(process.exitValue()).as(command + " -> " + out).isEqualTo(expectedExit);
        }
        return out;
    }

    /** curl's status line and headers, then the body; or curl's exit code as "curl exit N" when it got no answer. */
    private String curl(String url, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "20", "--cacert", cert.toString()));
        command.addAll(List.of(options));
        command.add(url);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() == 0 ? out : "curl exit " + process.exitValue() + "\n" + out;
    }

    private void awaitAnswer(String url) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (curl(url, "-u", "prometheus:" + PASSWORD).startsWith("curl exit")) {
            assertThat(System.nanoTime()).as("no answer from " + url).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void bothEndpointsServeTlsAndAskForThePassword() throws Exception {
        int metricsPort = Loopback.freePort("127.0.0.1");
        int webPort = Loopback.freePort("127.0.0.1");
        Path config = dir.resolve("connmonitor.conf");
        Files.writeString(config, "127.0.0.1 ping=100 numpings=3 json=1\n");
        try (Connmonitor monitor = Connmonitor.start("--metrics", "127.0.0.1:" + metricsPort, "--web",
                "127.0.0.1:" + webPort, "--web.config.file", webConfig.toString(), config.toString())) {
            String metrics = "https://127.0.0.1:" + metricsPort + "/metrics";
            awaitAnswer(metrics);
            monitor.nextLine(WAIT); // a record: the host has been measured
            for (String url : List.of(metrics, "https://127.0.0.1:" + webPort + "/",
                    "https://127.0.0.1:" + webPort + "/api/overview")) {
                String right = curl(url, "-u", "prometheus:" + PASSWORD);
                assertThat(right).as(url).startsWith("HTTP/1.1 200");
                assertThat(right).as(url).contains(url.endsWith("/metrics") ? "connmonitor_ping_packets_received_total{"
                        : url.endsWith("/") ? "<html" : "\"addr\":\"127.0.0.1\"");
                for (String[] wrong : List.of(new String[] {"-u", "prometheus:wrong"}, new String[] {"-u", "root:" + PASSWORD},
                        new String[0])) {
                    String refused = curl(url, wrong);
                    assertThat(refused).as(url + " " + String.join(" ", wrong)).startsWith("HTTP/1.1 401")
                            .containsIgnoringCase("WWW-Authenticate: Basic realm=\"connmonitor\"").doesNotContain("connmonitor_ping");
                }
                String plain = curl(url.replace("https:", "http:"), "-u", "prometheus:" + PASSWORD);
                assertThat(plain).as("plain HTTP to " + url).startsWith("curl exit").doesNotContain("HTTP/1.1");
                assertThat(curl(url, "--cacert", "/dev/null", "-u", "prometheus:" + PASSWORD))
                        .as("an unverified server certificate").startsWith("curl exit");
            }
            assertThat(monitor.alive()).isTrue();
            assertThat(monitor.stderrLines()).isEmpty(); // refused requests and handshakes are not worth a line
        }
    }

    @Test
    void prometheusScrapesThroughTlsAndBasicAuth() throws Exception {
        int metricsPort = Loopback.freePort("127.0.0.1");
        int prometheusPort = Loopback.freePort("127.0.0.1");
        Path config = dir.resolve("connmonitor.conf");
        Files.writeString(config, "127.0.0.1 ping=100 numpings=3 json=1\n");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: connmonitor
                    scheme: https
                    tls_config:
                      ca_file: %s
                    basic_auth:
                      username: prometheus
                      password: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(cert, PASSWORD, metricsPort));
        try (Connmonitor monitor = Connmonitor.start("--metrics", "127.0.0.1:" + metricsPort, "--web.config.file",
                webConfig.toString(), config.toString())) {
            Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String query = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                        + "connmonitor_ping_packets_received_total%7Bjob%3D%22connmonitor%22%7D";
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                String answer = "";
                while (!answer.contains("\"addr\":\"127.0.0.1\"")) {
                    assertThat(System.nanoTime()).as("Prometheus never got the series: " + answer + "\n"
                            + Files.readString(dir.resolve("prometheus.log"))).isLessThan(deadline);
                    Thread.sleep(500);
                    answer = curl(query);
                }
                String up = curl("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=up%7Bjob%3D%22connmonitor%22%7D");
                assertThat(up).contains("\"value\":[").contains(",\"1\"]");
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor();
                }
            }
            assertThat(monitor.stderrLines()).isEmpty();
        }
    }

    @Test
    void aBadWebConfigStopsTheStartWithOneLineAndCheckFindsItToo() throws Exception {
        Path config = dir.resolve("connmonitor.conf");
        Files.writeString(config, "127.0.0.1 ping=100 numpings=3 json=1\n");
        Files.writeString(webConfig, Files.readString(webConfig).replace("key_file: server.key", "key_file: missing.key"));
        Connmonitor.Result started = Connmonitor.run("", WAIT, "--web", "127.0.0.1:" + Loopback.freePort("127.0.0.1"),
                "--web.config.file", webConfig.toString(), config.toString());
        assertThat(started.exitCode()).isEqualTo(1);
        assertThat(started.stderr()).singleElement().asString().startsWith("EE: UsageError: --web.config.file " + webConfig
                + ": key_file " + dir.resolve("missing.key") + ": no such file");
        Connmonitor.Result checked = Connmonitor.run("", WAIT, "--check", config.toString(), "--web.config.file",
                webConfig.toString());
        assertThat(checked.exitCode()).isEqualTo(1);
        assertThat(checked.stderr()).singleElement().asString().contains("missing.key: no such file");
        Files.writeString(webConfig, Files.readString(webConfig).replace("missing.key", "server.key"));
        Connmonitor.Result good = Connmonitor.run("", WAIT, "--check", config.toString(), "--web.config.file",
                webConfig.toString());
        assertThat(good.exitCode()).isEqualTo(0);
        assertThat(good.stdout()).contains(webConfig + ": OK, TLS, basic auth for 1 user");
    }
}
