package connmonitor.scan;

import connmonitor.support.Loopback;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MariaDB server (Debian's mariadbd) of this test run alone: its own data directory, socket and
 * loopback address, started with {@code --skip-name-resolve}, stopped and deleted on close.
 */
final class MariaDbServer implements AutoCloseable {

    private static final int MYSQL_PORT = 3306;

    private final Path dir;
    private final Process process;
    private final InetAddress address;
    private final int port;
    private final Thread reaper;

    private MariaDbServer(Path dir, Process process, InetAddress address, int port) {
        this.dir = dir;
        this.process = process;
        this.address = address;
        this.port = port;
        this.reaper = new Thread(process::destroyForcibly, "mariadbd-reaper");
        Runtime.getRuntime().addShutdownHook(reaper); // a killed test run leaves no server behind
    }

    /** Installs a fresh data directory and starts the server on a random 127.x.y.z, port 3306 when free. */
    static MariaDbServer start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("scan-mariadb-");
        try {
            run(dir, "mariadb-install-db", "--no-defaults", "--user=root", "--datadir=" + dir.resolve("data"),
                    "--auth-root-authentication-method=socket", "--skip-test-db");
            InetAddress address = Loopback.randomV4();
            int port = Loopback.free(address, MYSQL_PORT) ? MYSQL_PORT : freePort(address);
            Process process = new ProcessBuilder("mariadbd", "--no-defaults", "--user=root",
                    "--datadir=" + dir.resolve("data"), "--socket=" + dir.resolve("sock"),
                    "--pid-file=" + dir.resolve("pid"), "--log-error=" + dir.resolve("error.log"),
                    "--bind-address=" + address.getHostAddress(), "--port=" + port,
                    "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=16M")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
            MariaDbServer server = new MariaDbServer(dir, process, address, port);
            try {
                server.awaitReady();
                return server;
            } catch (IOException | RuntimeException | InterruptedException failed) {
                server.close();
                throw failed;
            }
        } catch (IOException | RuntimeException | InterruptedException failed) {
            delete(dir);
            throw failed;
        }
    }

    InetAddress address() {
        return address;
    }

    int port() {
        return port;
    }

    /** Runs SQL as root over the server's own socket and returns the output, one tab-separated row a line. */
    String sql(String statement) throws IOException, InterruptedException {
        return run(dir, "mariadb", "--no-defaults", "--socket=" + dir.resolve("sock"), "--user=root",
                "--batch", "--skip-column-names", "--execute=" + statement).strip();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IOException("mariadbd exited with " + process.exitValue() + ": " + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("mariadbd not listening after 60 s: " + log());
    }

    private String log() throws IOException {
        Path log = dir.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "(no error log)";
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: a clean shutdown
        Processes.awaitOrKill(process, 30);
        Runtime.getRuntime().removeShutdownHook(reaper);
        delete(dir);
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", List.of(command).subList(0, 1)) + " failed: " + output);
        }
        return output;
    }

    private static int freePort(InetAddress address) throws IOException {
        try (java.net.ServerSocket any = new java.net.ServerSocket(0, 1, address)) {
            return any.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a temp directory left behind is untidy, not wrong
        }
    }
}
