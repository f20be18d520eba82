package connmonitor.scan;

import connmonitor.support.Loopback;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import connmonitor.config.Target;
import connmonitor.output.RecordFormat;
import connmonitor.probe.Observation;
import connmonitor.probe.ScanResult;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Peers that are not the service they sit on, or that behave as badly as they can. Every probe of the
 * scan (HTTP, HTTPS, MySQL) is pointed at the same peer, so each behaviour meets all three parsers.
 */
class ScanProbeHostilePeerTest {

    private static final Duration DEADLINE = Duration.ofMillis(1500);
    /**
     * A scan must be complete by then, however the peer behaves: the deadline, ScanProbe's 1 s safety margin
     * and 2 s for a machine that stalls (CI's virtual machine stalls whole, up to 2 s at a time). Still under
     * the default 5 s deadline, so a scan that ignored its own deadline, or waited for the peer, fails.
     */
    private static final long LATEST_MILLIS = DEADLINE.toMillis() + 3000;
    /**
     * For peers that end the scan long before any deadline (they hang up, refuse, or send too much): the
     * deadline is long, so that a scan that waited for it instead still fails clearly, after 5 s, while one
     * that ended at once passes below {@link #AT_ONCE_MILLIS} through a 2 s stall of the machine.
     */
    private static final Duration LONG_DEADLINE = Duration.ofSeconds(5);
    private static final long AT_ONCE_MILLIS = 3000;
    private static final ScanResult NOTHING = new ScanResult(Optional.empty(), Optional.empty(), Optional.empty());
    private static final int MIB = 1 << 20;

    private final InetAddress address = Loopback.randomV4();

    private record Scan(ScanResult result, long millis) {
    }

    /**
     * The JVM's first TLS handshake loads and initialises JSSE: at a load average of 20 and more that
     * took the first test of this class (whichever it was) past the deadline, so the timing measured
     * class loading instead of how a scan ends. One scan of a peer that hangs up at once does it first.
     */
    @BeforeAll
    static void loadTheTlsClientOnce() throws Exception {
        InetAddress any = Loopback.randomV4();
        try (TestPeer closer = TestPeer.start(any, 0, client -> { })) {
            ScanSettings settings = ScanSettings.DEFAULTS.withPorts(closer.port(), closer.port(), closer.port());
            new ScanProbe(settings).measure(ScanTargets.target(any)).get(1, TimeUnit.MINUTES);
        }
    }

    private Scan scanAllPortsOf(TestPeer peer) throws Exception {
        return scanAllPortsOf(peer, DEADLINE);
    }

    private Scan scanAllPortsOf(TestPeer peer, Duration deadline) throws Exception {
        ScanSettings settings = ScanSettings.DEFAULTS.withPorts(peer.port(), peer.port(), peer.port()).withDeadline(deadline);
        long start = System.nanoTime();
        // waits beyond LATEST_MILLIS, so that a late scan fails the callers' bound with its figure
        ScanResult result = new ScanProbe(settings).measure(ScanTargets.target(address))
                .get(deadline.toMillis() + 8000, TimeUnit.MILLISECONDS);
        return new Scan(result, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Test
    void aPeerThatAcceptsAndNeverAnswersIsNothingOnceTheDeadlinePasses() throws Exception {
        try (TestPeer silent = TestPeer.start(address, 0, client -> client.getInputStream().readAllBytes())) {
            Scan scan = scanAllPortsOf(silent);

            assertThat(scan.result()).isEqualTo(NOTHING);
            assertThat(scan.millis()).isBetween(DEADLINE.toMillis() - 50, LATEST_MILLIS);
        }
    }

    @Test
    void aPeerSpewingAMebibyteOfGarbageIsNothingAndIsCutOffEarly() throws Exception {
        byte[] garbage = new byte[MIB];
        new Random(5).nextBytes(garbage);
        try (TestPeer spewer = TestPeer.start(address, 0, client -> client.getOutputStream().write(garbage))) {
            Scan scan = scanAllPortsOf(spewer, LONG_DEADLINE);

            assertThat(scan.result()).isEqualTo(NOTHING);
            assertThat(scan.millis()).as("4 KiB read, then the scan hangs up").isLessThan(AT_ONCE_MILLIS);
        }
    }

    @Test
    void aPeerThatClosesAtOnceIsNothingRightAway() throws Exception {
        try (TestPeer closer = TestPeer.start(address, 0, client -> { })) {
            Scan scan = scanAllPortsOf(closer, LONG_DEADLINE);

            assertThat(scan.result()).isEqualTo(NOTHING);
            assertThat(scan.millis()).isLessThan(AT_ONCE_MILLIS);
            assertThat(closer.acceptedSoon(3)).isEqualTo(3);
        }
    }

    @Test
    void aPeerDrippingOneBytePer200MsForeverIsNothingByTheDeadline() throws Exception {
        byte[] status = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
        try (TestPeer dripper = TestPeer.start(address, 0, client -> {
            OutputStream out = client.getOutputStream();
            for (int i = 0; ; i++) {
                out.write(status[i % status.length]);
                out.flush();
                Thread.sleep(200);
            }
        })) {
            Scan scan = scanAllPortsOf(dripper);

            assertThat(scan.result()).as("the status line never arrives whole in time").isEqualTo(NOTHING);
            assertThat(scan.millis()).isBetween(DEADLINE.toMillis() - 50, LATEST_MILLIS);
        }
    }

    @Test
    void aTlsHandshakeFedOneBytePer200MsEndsByTheDeadline() throws Exception {
        byte[] recordHeader = {0x16, 0x03, 0x03, 0x40, 0x00}; // a 16 KiB handshake record follows... slowly
        try (TestPeer dripper = TestPeer.start(address, 0, client -> {
            OutputStream out = client.getOutputStream();
            out.write(recordHeader);
            while (true) {
                out.write(0);
                out.flush();
                Thread.sleep(200);
            }
        })) {
            Scan scan = scanAllPortsOf(dripper);

            assertThat(scan.result()).isEqualTo(NOTHING);
            assertThat(scan.millis()).isBetween(DEADLINE.toMillis() - 50, LATEST_MILLIS);
        }
    }

    @Test
    void aStatusLineFollowedByAnEndlessDripCountsWithWhatArrivedByTheDeadline() throws Exception {
        try (TestPeer dripper = TestPeer.start(address, 0, client -> {
            OutputStream out = client.getOutputStream();
            out.write("HTTP/1.1 503 Service Unavailable\r\nServer: dripping\r\nX-Drip: ".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write('.');
                out.flush();
                Thread.sleep(200);
            }
        })) {
            Scan scan = scanAllPortsOf(dripper);

            ScanResult.Http http = scan.result().http().orElseThrow();
            assertThat(http.statusCode()).isEqualTo("503");
            assertThat(http.server()).isEqualTo("dripping");
            // at once, not at the deadline (1.5 s) when the scan ended: 1 s left for a stalled machine
            assertThat(http.rttMillis()).as("the first byte came at once").isLessThan(DEADLINE.toMillis() - 500.0);
            assertThat(scan.result().https()).isEmpty();
            assertThat(scan.result().mysql()).isEmpty();
            assertThat(scan.millis()).isBetween(DEADLINE.toMillis() - 50, LATEST_MILLIS);
        }
    }

    @Test
    void aHeadOfAMebibyteIsReadOnlyAsFarAsTheLimit() throws Exception {
        byte[] serverFirst = head("Server: before-the-flood\r\nX-Flood: " + "a".repeat(MIB) + "\r\n");
        byte[] floodFirst = head("X-Flood: " + "a".repeat(MIB) + "\r\nServer: after-the-flood\r\n");
        try (TestPeer early = TestPeer.start(address, 0, client -> client.getOutputStream().write(serverFirst));
             TestPeer late = TestPeer.start(address, 0, client -> client.getOutputStream().write(floodFirst))) {
            Scan scanEarly = scanAllPortsOf(early, LONG_DEADLINE);
            Scan scanLate = scanAllPortsOf(late, LONG_DEADLINE);

            assertThat(scanEarly.result().http().orElseThrow().server()).isEqualTo("before-the-flood");
            assertThat(scanLate.result().http().orElseThrow().server()).as("beyond 4 KiB").isEqualTo("Unknown");
            assertThat(scanLate.result().http().orElseThrow().statusCode()).isEqualTo("200");
            assertThat(scanEarly.millis()).isLessThan(AT_ONCE_MILLIS);
            assertThat(scanLate.millis()).isLessThan(AT_ONCE_MILLIS);
        }
    }

    @Test
    void aServerHeaderOfQuotesBackslashesAndControlCharactersComesThroughExactlyAndSafely() throws Exception {
        String evil = "\"quoted\" \\back\\slash\\ \\u0022 \u0000nul \u0007bel \u001b[31mred\u001b[0m \u007fdel"
                + " CR\rhere tab\there \u0085nel \u2028ls {\"scan\":\"forged\"} caf\u00e9 \ud83d\udca5";
        byte[] answer = head("Server: " + evil + "\r\n");
        try (TestPeer peer = TestPeer.start(address, 0, client -> client.getOutputStream().write(answer))) {
            Scan scan = scanAllPortsOf(peer);

            assertThat(scan.result().http().orElseThrow().server()).isEqualTo(evil);
            assertThat(scan.result().https()).isEmpty();
            assertThat(scan.result().mysql()).isEmpty();

            Target target = ScanTargets.target(address);
            Observation observation = new Observation(target, scan.result(), 1_764_075_599_123_456L);
            String json = RecordFormat.of(true).format(observation);
            assertThat(json).endsWith("\n").doesNotContain("\r").hasLineCount(1);
            JsonNode record = new ObjectMapper().readTree(json);
            assertThat(record.at("/scan/http/server").textValue()).isEqualTo(evil);
            assertThat(record.at("/scan/http/response code").textValue()).isEqualTo("200");
            assertThat(record.at("/scan/https").textValue()).isEqualTo("None");
            assertThat(record.at("/scan/mysql").textValue()).isEqualTo("None");

            String plain = RecordFormat.of(false).format(observation);
            String[] lines = plain.split("\n", -1);
            assertThat(lines).hasSize(4); // header, ctime, body, and nothing after the final newline
            assertThat(lines[3]).isEmpty();
            assertThat(plain).doesNotContain("\r", "\u0000", "\u001b", "\u0085", "\u2028");
            assertThat(lines[2].split("\t", -1)).hasSize(3).endsWith("None", "None");
            assertThat(lines[2]).matches("\\d+\\.\\d{3}, 200, \"quoted\" .*\tNone\tNone");
        }
    }

    @Test
    @Tag("root") // binds ports 80 and 443 to see them free
    void nothingListeningIsNothingAtOnce() throws Exception {
        InetAddress idle = Loopback.randomV4WithFree(80, 443, 3306);
        long start = System.nanoTime();

        ScanResult result = new ScanProbe().measure(ScanTargets.target(idle)).get(LATEST_MILLIS, TimeUnit.MILLISECONDS);

        assertThat(result).as("80, 443 and 3306 refused").isEqualTo(NOTHING);
        // refusals come at once; a scan that waited for them would take the default 5 s deadline
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(AT_ONCE_MILLIS);
    }

    @Test
    void hundredsOfConcurrentScansShareAFewPlatformThreads() throws Exception {
        int hosts = 300;
        try (TestPeer silent = TestPeer.start(address, 0, client -> client.getInputStream().readAllBytes())) {
            ScanProbe probe = new ScanProbe(ScanSettings.DEFAULTS.withPorts(silent.port(), silent.port(), silent.port())
                    .withDeadline(DEADLINE));
            probe.measure(ScanTargets.target(address)).get(LATEST_MILLIS, TimeUnit.MILLISECONDS); // warm up the JDK's threads
            int platformBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            long start = System.nanoTime();

            List<CompletableFuture<ScanResult>> scans = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                scans.add(probe.measure(ScanTargets.target(address)));
            }
            long startedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // The peak while the 900 probes run, not one look right after measure() returned (when
            // hardly any of their virtual threads had run yet).
            int platformPeak = platformPeakUntil(() -> silent.accepted() >= 3 * (hosts + 1), CONNECTS_LIMIT);
            long connectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            CompletableFuture.allOf(scans.toArray(CompletableFuture[]::new)).get(LATEST_MILLIS + 2000, TimeUnit.MILLISECONDS);
            System.out.printf("%d scans: measure() returned after %d ms, all %d connects accepted after %d ms,"
                    + " platform threads %d -> at most %d%n", hosts, startedMillis, 3 * hosts, connectedMillis,
                    platformBefore, platformPeak);

            // in microseconds each; a measure() that waited for even two scans would take their 2 x 1.5 s deadline
            assertThat(startedMillis).as("measure() returns at once").isLessThan(AT_ONCE_MILLIS);
            assertThat(scans).allSatisfy(scan -> assertThat(scan.join()).isEqualTo(NOTHING));
            assertThat(platformPeak - platformBefore).as("platform threads added for %d ports", 3 * hosts).isLessThan(8);
            assertThat(silent.accepted()).as("every probe got connected (the peer's failed accepts: %s)",
                    silent.acceptFailures()).isEqualTo(3 * (hosts + 1));
        }
    }

    /**
     * How long the peer may take to see all 903 connections. The test used to give them the scans'
     * 2.5 s plus 2 s: at a load average of 21 to 29 on 2 cores only 286 and 371 had been accepted by
     * then, while the peer's accept queue never overflowed (TcpExtListenOverflows did not move); given
     * time, the count reached 900 after 1.3 s and 2.6 s at a load of 17 to 20. A probe whose virtual
     * thread runs late still connects; its scan's result does not wait for it (ScanProbe's safety
     * margin gives it up for absent). Not yet explained: twice at a load of 15 to 20 the count stopped
     * at 758 and 134 though every scan thread had ended; the failure now names the peer's failed
     * accepts, if that is where they went.
     */
    private static final Duration CONNECTS_LIMIT = Duration.ofSeconds(30);

    /** Samples the JVM's platform threads every 5 ms until the condition holds; the most seen. */
    private static int platformPeakUntil(java.util.function.BooleanSupplier done, Duration limit)
            throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        int peak = ManagementFactory.getThreadMXBean().getThreadCount();
        while (!done.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(5);
            peak = Math.max(peak, ManagementFactory.getThreadMXBean().getThreadCount());
        }
        return peak;
    }

    private static byte[] head(String headers) {
        return ("HTTP/1.1 200 OK\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
