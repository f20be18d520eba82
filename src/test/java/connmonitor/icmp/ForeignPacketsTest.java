package connmonitor.icmp;

import connmonitor.config.Target;
import connmonitor.ping.PingProbe;
import connmonitor.probe.PingResult;
import connmonitor.support.Netns;
import connmonitor.support.Targets;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reply counts once, and only when it answers that very request: forged, corrupted, duplicated,
 * late and other processes' packets never change a burst's figures.
 */
@Tag("root")
class ForeignPacketsTest {

    private static final byte[] HOST = {127, 0, 0, 5};
    private static final byte[] OTHER = {127, 0, 0, 6};
    private static final byte[] FLOODER = {127, 0, 0, 7};
    private static EngineInNamespace namespace;
    private static Netns netns;
    private static IcmpEngine engine;
    private static Forger forger;

    @BeforeAll
    static void setUp() throws Exception {
        netns = Netns.create();
        netns.sysctl("net.ipv4.icmp_echo_ignore_all", "1"); // only the forger answers pings here
        namespace = EngineInNamespace.in(netns);
        engine = namespace.engine;
        forger = namespace.call(() -> new Forger(HOST, OTHER));
    }

    private static <T> T onNamespaceThread(Callable<T> task) throws Exception {
        return namespace.call(task);
    }

    @AfterAll
    static void tearDown() throws Throwable {
        if (forger != null) {
            forger.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    private static PingResult burst(int count) throws Exception {
        Target target = Targets.of("127.0.0.5", Targets.pings(count, 41));
        return new PingProbe(engine).measure(target).get(10, TimeUnit.SECONDS);
    }

    @Test
    void forgedRepliesWithOurIdentifierAndSequenceNeverCount() throws Exception {
        forger.answerWith(Forger.Answer.FLIPPED_PAYLOAD_BYTE, Forger.Answer.BAD_CHECKSUM, Forger.Answer.WRONG_NONCE,
                Forger.Answer.FROM_ANOTHER_ADDRESS);
        PingResult result = burst(5);
        assertThat(result.received()).isZero();
        assertThat(result.loss()).isEqualTo(100.0);
    }

    @Test
    void theGenuineReplyCountsOnceAmongForgeriesAndDuplicates() throws Exception {
        forger.answerWith(Forger.Answer.BAD_CHECKSUM, Forger.Answer.FLIPPED_PAYLOAD_BYTE, Forger.Answer.GENUINE,
                Forger.Answer.WRONG_NONCE);
        forger.sendGenuineTimes(3);
        try {
            for (int i = 0; i < 5; i++) {
                PingResult result = burst(10);
                assertThat(result.received()).isEqualTo(10);
                assertThat(result.loss()).isZero();
            }
        } finally {
            forger.sendGenuineTimes(1);
        }
    }

    @Test
    void lateRepliesOfAnEarlierBurstNeverCountInTheNextOne() throws Exception {
        forger.answerWith(Forger.Answer.GENUINE);
        List<Integer> lateSequences = new ArrayList<>();
        // the first burst's answers come after its 2 s timeout, while the second burst is waiting
        forger.delay(2_300, sequence -> lateSequences.size() < 5 && lateSequences.add(sequence));
        try {
            CompletableFuture<PingResult> first = new PingProbe(engine)
                    .measure(Targets.of("127.0.0.5", Targets.pings(5, 41)));
            PingResult lost = first.get(10, TimeUnit.SECONDS);
            assertThat(lost.received()).isZero();
            // its answers come after 0.5 s, the late ones of the first at ~0.3 s: within its 2 s timeout with 1.5 s
            // to spare for a stall of the machine (0.5-2 s on CI's VM; after 1 s, as before, a 1 s stall cost them)
            forger.delay(500, sequence -> true);
            PingResult second = burst(5);
            assertThat(second.received()).isEqualTo(5);
            assertThat(second.min()).isGreaterThanOrEqualTo(500.0); // the forger's own, not the first burst's late ones
        } finally {
            forger.delay(0, sequence -> false);
        }
    }

    @Test
    void anotherProcessFloodingTheSameHostNeverChangesOurCounts() throws Exception {
        forger.answerWith(Forger.Answer.GENUINE);
        Process flood = new ProcessBuilder(netns.command("ping", "-f", "-c", "30000", "-q", "127.0.0.5"))
                .redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 20; i++) {
                PingResult result = burst(10);
                assertThat(result.received()).isEqualTo(10);
                assertThat(result.sent()).isEqualTo(10);
            }
            assertThat(flood.isAlive()).as("the flood was still going while we pinged").isTrue();
        } finally {
            flood.destroy();
            flood.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Another program floods the machine with echo replies (fping -l, a second connmonitor, a benchmark)
     * while the engine thread gets no CPU. The kernel gives every raw ICMP socket a copy of each: unless
     * the engine's sockets filter them out, they fill its receive buffer and the kernel drops our own
     * replies with the rest, which PingProbeTest reported as 100% loss on a busy machine. Here our
     * answers come 0.5 s after their requests, into a socket whose engine is held for 2.5 s while 60 MB
     * of foreign replies arrive: all of them must count, by their kernel receive time, though the engine
     * reads them only after their 2 s timeout has passed.
     */
    @Test
    void aFloodOfOtherProgramsRepliesWhileTheEngineWaitsCostsNoneOfOurs() throws Throwable {
        forger.answerWith(Forger.Answer.GENUINE);
        List<Integer> delayed = new ArrayList<>();
        forger.delay(500, sequence -> delayed.size() < 5 && delayed.add(sequence));
        Stall stall = new Stall();
        int flooder = onNamespaceThread(() -> {
            try {
                return TestNatives.rawSocketBoundTo(FLOODER); // bound: it hears none of its own flood
            } catch (Throwable failed) {
                throw new IllegalStateException(failed);
            }
        });
        try (Arena arena = Arena.ofShared()) {
            CompletableFuture<PingResult> burst = new PingProbe(engine)
                    .measure(Targets.of("127.0.0.5", Targets.pings(5, 41)));
            // answered at once (it is the sixth request the forger hears): its listener holds the engine
            engine.submit(ProbeRequest.echo(InetAddress.getByAddress(HOST), 1, 41, Duration.ofSeconds(2), stall));
            assertThat(stall.entered.await(5, TimeUnit.SECONDS)).as("the engine thread is held").isTrue();
            long heldSince = System.nanoTime();
            // 1,000 replies of 60,000 bytes, an identifier 32,768 away from the engine's: 60 MB, more than three times
            // the 16 MiB an engine socket may hold (8 MiB SO_RCVBUF, doubled)
            ForgedEchoReplies.send(arena, flooder, forger.identifierHeard() ^ 0x8000, 1_000);
            Thread.sleep(Math.max(0, 2_500 - (System.nanoTime() - heldSince) / 1_000_000));
            stall.release.countDown();
            PingResult result = burst.get(10, TimeUnit.SECONDS);
            assertThat(result.received()).as("our replies among the flood").isEqualTo(5);
            assertThat(result.min()).as("ms, the forger's delay at least").isGreaterThanOrEqualTo(500.0);
        } finally {
            stall.release.countDown();
            forger.delay(0, sequence -> false);
            TestNatives.close(flooder);
        }
    }

    /**
     * An engine held past its requests' timeout with more replies waiting than it reads in one turn (64
     * batches of 32): each of them came in time, so each must count, however many wait before it.
     */
    @Test
    void everyReplyThatCameInTimeCountsHoweverManyWaitWhenTheEngineIsLate() throws Exception {
        forger.answerWith(Forger.Answer.GENUINE);
        int requests = 3_000;
        AtomicInteger delayed = new AtomicInteger();
        forger.delay(300, sequence -> delayed.getAndIncrement() < requests);
        Stall stall = new Stall();
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch settled = new CountDownLatch(requests);
        try {
            engine.submit(ProbeRequest.echo(InetAddress.getByAddress(HOST), requests, 41, Duration.ofSeconds(2),
                    new CountingReplies(answered, settled)));
            engine.submit(ProbeRequest.echo(InetAddress.getByAddress(HOST), 1, 41, Duration.ofSeconds(2), stall));
            assertThat(stall.entered.await(5, TimeUnit.SECONDS)).as("the engine thread is held").isTrue();
            Thread.sleep(2_500);
            stall.release.countDown();
            assertThat(settled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(answered.get()).as("replies counted").isEqualTo(requests);
        } finally {
            stall.release.countDown();
            forger.delay(0, sequence -> false);
        }
    }

    /**
     * A listener that holds the engine thread in its first call until released: the engine as a busy
     * machine's scheduler may leave it, not running for seconds (listeners must not block otherwise).
     */
    private static final class Stall implements ProbeListener {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        private void hold() {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onEchoReply(int index, long rttNanos) {
            hold();
        }

        @Override
        public void onIcmpError(int index, long rttNanos, InetAddress from, IcmpError error) {
            hold();
        }

        @Override
        public void onNoReply(int index) {
            hold();
        }

        @Override
        public void onSendFailed(int index, String reason) {
            hold();
        }
    }
}
