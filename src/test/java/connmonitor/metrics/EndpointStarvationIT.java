package connmonitor.metrics;

import connmonitor.support.Connmonitor;
import connmonitor.support.Loopback;
import connmonitor.support.Scraper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint tried as an attacker on the same network would: thousands of idle and half-sent
 * connections, a 10 MB header, clients that hang up mid-response. Scrapes still answer within a
 * second, records keep their rate, stderr stays EE/WW lines only (nothing from java.util.logging).
 */
class EndpointStarvationIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void idleAndHalfSentConnectionsAHugeHeaderAndHangUpsStarveNothing() throws Exception {
        Path config = dir.resolve("connmonitor.conf");
        Files.writeString(config, IntStream.range(0, 100) // a 250 kB scrape, 500 records/s
                .mapToObj(i -> "127.22.0." + (1 + i) + " ping=200 numpings=1 json=1")
                .collect(Collectors.joining("\n", "", "\n")));
        String bind = Loopback.randomAddress();
        int port = Loopback.freePort(bind);
        InetSocketAddress endpoint = new InetSocketAddress(bind, port);
        try (Connmonitor monitor = Connmonitor.start("--metrics", bind + ":" + port, config.toString())) {
            Scraper scraper = new Scraper(bind + ":" + port);
            awaitScrape(scraper);
            Thread.sleep(3_000); // first runs are spread over 2 s
            double before = recordsPerSecond(monitor, Duration.ofSeconds(5));

            List<Socket> attackers = new ArrayList<>();
            try {
                for (int i = 0; i < 3000; i++) {
                    Socket socket = new Socket();
                    socket.connect(endpoint, 5_000);
                    if (i % 2 == 1) { // half-sent: a request line and a header, never the blank line
                        socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    attackers.add(socket);
                }
                String hugeHeader = hugeHeaderAnswer(endpoint);
                assertThat(hugeHeader).as("a 10 MB header is refused, not read").isIn("closed", "HTTP/1.1 431", "HTTP/1.1 400", "HTTP/1.1 413");
                for (int i = 0; i < 20; i++) {
                    hangUpMidResponse(endpoint);
                }
                List<Long> millis = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    assertThat(scraper.get().status()).isEqualTo(200);
                    millis.add((System.nanoTime() - start) / 1_000_000);
                }
                // the better of two 5 s windows: one whole-machine stall of up to 2 s (CI's VM) costs one window 40 %,
                // or two windows 20 % each at most, while attackers that starve the daemon slow both
                double during = Math.max(recordsPerSecond(monitor, Duration.ofSeconds(5)),
                        recordsPerSecond(monitor, Duration.ofSeconds(5)));
                System.out.printf("with 1,500 idle + 1,500 half-sent connections: scrapes %s ms; records/s %.0f before,"
                        + " %.0f during%n", millis, before, during);
                // a scrape takes tens of ms; one may meet a whole-machine stall (0.5-2 s on CI's VM), so the median
                // of five is held to a second and each to 5 s, which a scrape waiting for a starved server would pass
                assertThat(millis.stream().sorted().toList().get(2)).as("median of %s ms", millis).isLessThan(1000);
                assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(5000));
                assertThat(during).isGreaterThan(before * 0.8);
            } finally {
                for (Socket socket : attackers) {
                    socket.close();
                }
            }
            monitor.signal("TERM");
            assertThat(monitor.waitFor(WAIT)).isZero();
            assertThat(monitor.stderrLines()).allSatisfy(line -> assertThat(line).matches("(EE|WW): .*"));
            assertThat(monitor.stderrLines()).noneMatch(line -> line.contains("Exception"));
        }
    }

    private static void awaitScrape(Scraper scraper) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                scraper.get();
                return;
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("endpoint up").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static double recordsPerSecond(Connmonitor monitor, Duration span) throws InterruptedException {
        int before = monitor.stdoutLines().size();
        Thread.sleep(span.toMillis());
        return (monitor.stdoutLines().size() - before) / (span.toMillis() / 1000.0);
    }

    /** Sends a request with a 10 MB header; the status line answered, or "closed" when the server hung up. */
    private static String hugeHeaderAnswer(InetSocketAddress endpoint) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(endpoint, 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 160; i++) {
                    out.write(chunk);
                }
                out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException refused) {
                return "closed";
            }
            byte[] head = socket.getInputStream().readNBytes(12);
            return head.length == 0 ? "closed" : new String(head, StandardCharsets.US_ASCII);
        }
    }

    /** Asks for the whole scrape, reads a little of it and resets the connection. */
    private static void hangUpMidResponse(InetSocketAddress endpoint) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(1024);
            socket.connect(endpoint, 5_000);
            socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            in.readNBytes(100);
            socket.setSoLinger(true, 0); // RST: the server's next write fails
        }
    }
}
