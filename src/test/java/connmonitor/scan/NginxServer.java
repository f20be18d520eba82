package connmonitor.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's nginx with a config of this test run alone: HTTP answers 200, HTTPS (OpenSSL, a self-signed
 * certificate) answers 301. Everything lives in a temp directory; close stops nginx and deletes it.
 */
final class NginxServer implements AutoCloseable {

    private final Path dir;
    private final Process process;
    private final Thread reaper;

    private NginxServer(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
        this.reaper = new Thread(process::destroyForcibly, "nginx-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    static NginxServer start(InetAddress address, int httpPort, int httpsPort, SelfSigned certificate) throws Exception {
        Path dir = Files.createTempDirectory("scan-nginx-");
        certificate.writePem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        String listen = address.getHostAddress();
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                user root;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen %2$s:%3$d;
                        location / { return 200; }
                    }
                    server {
                        listen %2$s:%4$d ssl;
                        ssl_certificate %1$s/cert.pem;
                        ssl_certificate_key %1$s/key.pem;
                        location / { return 301 https://example.invalid/; }
                    }
                }
                """.formatted(dir, listen, httpPort, httpsPort));
        Process process = new ProcessBuilder("nginx", "-e", dir.resolve("error.log").toString(), "-p", dir.toString(),
                "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        NginxServer nginx = new NginxServer(dir, process);
        try {
            nginx.awaitListening(address, httpPort);
            return nginx;
        } catch (Exception failed) {
            nginx.close();
            throw failed;
        }
    }

    /** The version nginx says it is, e.g. "nginx/1.22.1": what its Server header carries. */
    static String version() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(10, TimeUnit.SECONDS);
        return output.substring(output.indexOf("nginx/")).strip(); // "nginx version: nginx/1.22.1"
    }

    private void awaitListening(InetAddress address, int port) throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + ": " + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("nginx not listening after 30 s: " + log());
    }

    boolean alive() {
        return process.isAlive();
    }

    private String log() throws IOException {
        Path log = dir.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "(no error log)";
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM to the master: it stops its worker and exits
        Processes.awaitOrKill(process, 20);
        Runtime.getRuntime().removeShutdownHook(reaper);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : List.copyOf(paths.sorted(Comparator.reverseOrder()).toList())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a temp directory left behind is untidy, not wrong
        }
    }
}
