package connmonitor.cli;

import connmonitor.icmp.CountingReplies;
import connmonitor.icmp.EngineShards;
import connmonitor.icmp.ProbeRequest;
import connmonitor.icmp.SocketDrops;
import connmonitor.icmp.TestNatives;
import connmonitor.output.Log;
import connmonitor.support.Netns;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies the kernel dropped at the engine's own full socket are counted and said on stderr, not passed
 * off as the network's loss. A real overflow: in a namespace of its own, the engine sends a burst of 60 kB
 * echoes with no pause (the pacer lets 512 go back to back), whose replies come back at once, far more
 * than its 16 MiB receive buffer holds before it reads the first.
 */
@Tag("root")
class SocketDropsWarningTest {

    private static final byte[] LOCALHOST = {127, 0, 0, 1};
    private Netns netns;
    private ExecutorService inNamespace;
    private EngineShards engine;
    private SocketDrops drops;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);
    private SocketDropsWarning warning;

    @BeforeEach
    void setUp() throws Exception {
        netns = Netns.create();
        inNamespace = TestNatives.threadIn(netns.name());
        // /proc/thread-self/net is the namespace of the thread that reads it: every reading happens in there
        onNamespaceThread(() -> {
            engine = EngineShards.start(true, Throwable::printStackTrace, 1);
            drops = SocketDrops.of(engine);
            return null;
        });
        warning = new SocketDropsWarning(new Log(stderr, Clock.systemUTC(), false),
                SocketDropsWarning.countsOf(drops), nanoTime::get);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.close();
        }
        inNamespace.shutdownNow();
        netns.close();
    }

    private <T> T onNamespaceThread(Callable<T> task) throws Exception {
        return inNamespace.submit(task).get(30, TimeUnit.SECONDS);
    }

    private void check() throws Exception {
        onNamespaceThread(() -> {
            warning.check(nanoTime.get());
            return null;
        });
    }

    private String warnings() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /**
     * To another machine (a peer namespace over a veth of 64 kB MTU: no fragments) each lost reply is one
     * drop: the loss of the burst is exactly what the kernel counted at the engine's socket.
     */
    @Test
    void aBurstThatOverflowsTheEnginesSocketIsCountedAndWarnedAboutOncePerMinute() throws Exception {
        try (Netns peer = Netns.create()) {
            netns.wireTo(peer, "cmd0", "10.99.0.1", "cmd1", "10.99.0.2", 65535); // 64 kB MTU: no fragments
            byte[] peerAddress = {10, 99, 0, 2};
            assertThat(burst(peerAddress, 3, 56)).as("the peer answers").isEqualTo(3);
            int sent = 600;
            int received = burst(peerAddress, sent, 60_000);
            check();
            long dropped = drops.total(false);
            assertThat(dropped).as("drops counted at the full socket").isPositive();
            assertThat(sent - received).as("the burst's loss is exactly the kernel's drops").isEqualTo((int) dropped);
            assertThat(drops.total(true)).isZero();
            assertThat(warnings()).matches("WW: the kernel dropped " + dropped + " packets at connmonitor's full "
                    + "sockets since it started \\(IPv4 " + dropped + ", IPv6 0\\): the monitor did not read in time, "
                    + "and the replies among them count as lost in the loss figures of that time; fewer hosts, more "
                    + "--engines or more CPU would help -\t \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\n");

            int second = sent - burst(peerAddress, sent, 60_000);
            nanoTime.addAndGet(TimeUnit.SECONDS.toNanos(30));
            check();
            assertThat(drops.total(false)).as("counted at once").isEqualTo(dropped + second);
            assertThat(warnings().lines()).as("half a minute after the first: no second line yet").hasSize(1);

            nanoTime.addAndGet(TimeUnit.SECONDS.toNanos(31));
            check();
            check();
            assertThat(warnings().lines()).hasSize(2);
            assertThat(warnings().lines().toList().get(1)).startsWith("WW: the kernel dropped " + second
                    + " packets at connmonitor's full sockets since the last warning (IPv4 " + second + ", IPv6 0)");
        }
    }

    /**
     * To 127.0.0.1 the kernel also counts our echo requests, which loop back to the full socket: its filter
     * would have turned them away, but Linux 6.18 counts a drop before it filters (2 per lost reply there).
     */
    @Test
    void dropsOfALocalBurstAreAtLeastItsLoss() throws Exception {
        int sent = 600;
        int lost = sent - burst(LOCALHOST, sent, 60_000);
        check();
        assertThat(lost).isPositive();
        assertThat(drops.total(false)).isBetween((long) lost, 2L * lost);
        assertThat(warnings().lines()).hasSize(1);
    }

    @Test
    void anEngineThatKeepsUpDropsNothingAndSaysNothing() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(burst(LOCALHOST, 20, 56)).isEqualTo(20);
            assertThat(burst(LOCALHOST, 1, 1_000)).isEqualTo(1);
        }
        nanoTime.addAndGet(TimeUnit.MINUTES.toNanos(2));
        check();
        assertThat(drops.total(false)).isZero();
        assertThat(drops.total(true)).isZero();
        assertThat(warnings()).isEmpty();
    }

    /** Sends {@code count} echoes of {@code size} bytes from the namespace; returns the replies. */
    private int burst(byte[] destination, int count, int size) throws Exception {
        AtomicInteger replies = new AtomicInteger();
        CountDownLatch settled = new CountDownLatch(count);
        engine.submit(ProbeRequest.echo(InetAddress.getByAddress(destination), count, size,
                Duration.ofSeconds(2), new CountingReplies(replies, settled)));
        assertThat(settled.await(20, TimeUnit.SECONDS)).as("every echo's fate came").isTrue();
        return replies.get();
    }
}
