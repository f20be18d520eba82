package connmonitor.icmp;

import connmonitor.config.Target;
import connmonitor.ping.PingProbe;
import connmonitor.probe.PingResult;
import connmonitor.support.Netns;
import connmonitor.support.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    private static Netns netns;
    private static ExecutorService inNamespace;
    private static IcmpEngine engine;
    private static Forger forger;

    @BeforeAll
    static void setUp() throws Exception {
        netns = Netns.create();
        netns.sysctl("net.ipv4.icmp_echo_ignore_all", "1"); // only the forger answers pings here
        inNamespace = Executors.newSingleThreadExecutor(runnable -> Thread.ofPlatform().daemon(true).unstarted(() -> {
            try {
                TestNatives.enterNetns(netns.name());
            } catch (Throwable failed) {
                throw new IllegalStateException(failed);
            }
            runnable.run();
        }));
        onNamespaceThread(() -> {
            engine = IcmpEngine.start(true, Throwable::printStackTrace);
            forger = new Forger(HOST, OTHER);
            return null;
        });
    }

    private static <T> T onNamespaceThread(Callable<T> task) throws Exception {
        return inNamespace.submit(task).get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void tearDown() throws Throwable {
        if (forger != null) {
            forger.close();
        }
        if (engine != null) {
            engine.close();
        }
        inNamespace.shutdownNow();
        netns.close();
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
            forger.delay(1_000, sequence -> true);
            PingResult second = burst(5); // its answers come after 1 s, the late ones of the first at ~0.3 s
            assertThat(second.received()).isEqualTo(5);
            assertThat(second.min()).isGreaterThan(900.0);
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
}
