package connmonitor.icmp;

import connmonitor.support.Netns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answered request leaves nothing for the engine to wake up for: its timeout entry is stale, and the
 * engine sleeps past the time it would have timed out. (It woke once per burst for that before, which at
 * 500 hosts x 1 burst/s was a third of the engine's system calls.)
 */
@Tag("root")
class AnsweredDeadlinesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    /**
     * The engine's turn count once the turn that read the replies has ended and it sleeps: on a loaded
     * machine that turn can end well after the listener heard the last reply, so wait until the count
     * stays put for 300 ms, three looks 100 ms apart (at most 5 s). One quiet look of 100 ms, as before, let
     * an engine thread that waited that long for a CPU after the listener (loads of 7-14 seen here) end its
     * turn after the count was taken.
     */
    private static long settledTurns(IcmpEngine engine) throws InterruptedException {
        long turns = engine.turns();
        int quiet = 0;
        for (int i = 0; i < 50 && quiet < 3; i++) {
            Thread.sleep(100);
            long now = engine.turns();
            quiet = now == turns ? quiet + 1 : 0;
            turns = now;
        }
        return turns;
    }

    private static IcmpEngine startIn(Netns netns) throws Exception {
        ExecutorService inNamespace = TestNatives.threadIn(netns.name());
        try {
            return inNamespace.submit(() -> IcmpEngine.start(true, Throwable::printStackTrace)).get(20, TimeUnit.SECONDS);
        } finally {
            inNamespace.shutdownNow();
        }
    }

    @Test
    void theEngineSleepsPastTheTimeoutsOfAnsweredRequests() throws Exception {
        // the engine's sockets in a namespace of their own: on this shared machine another program's ICMP on the
        // host's loopback (another monitor's probes, a port unreachable) woke the engine 8 times in the quiet 600 ms
        try (Netns netns = Netns.create();
             IcmpEngine engine = startIn(netns)) {
            InetAddress host = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            for (int round = 0; round < 3; round++) {
                CountDownLatch settled = new CountDownLatch(5);
                AtomicInteger replies = new AtomicInteger();
                engine.submit(ProbeRequest.echo(host, 5, 56, TIMEOUT, new CountingReplies(replies, settled)));
                assertThat(settled.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(replies.get()).isEqualTo(5);
                long before = settledTurns(engine);
                Thread.sleep(TIMEOUT.toMillis() * 2); // past every timeout of the burst
                assertThat(engine.turns()).as("engine turns while nothing was due (round %d)", round)
                        .isEqualTo(before);
            }
        }
    }
}
