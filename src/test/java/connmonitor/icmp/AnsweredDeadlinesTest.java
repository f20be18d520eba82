package connmonitor.icmp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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

    @Test
    void theEngineSleepsPastTheTimeoutsOfAnsweredRequests() throws Exception {
        try (IcmpEngine engine = IcmpEngine.start(true, Throwable::printStackTrace)) {
            InetAddress host = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            for (int round = 0; round < 3; round++) {
                CountDownLatch settled = new CountDownLatch(5);
                AtomicInteger replies = new AtomicInteger();
                engine.submit(ProbeRequest.echo(host, 5, 56, TIMEOUT, new ProbeListener() {
                    @Override
                    public void onEchoReply(int index, long rttNanos) {
                        replies.incrementAndGet();
                        settled.countDown();
                    }

                    @Override
                    public void onIcmpError(int index, long rttNanos, InetAddress from, IcmpError error) {
                        settled.countDown();
                    }

                    @Override
                    public void onNoReply(int index) {
                        settled.countDown();
                    }

                    @Override
                    public void onSendFailed(int index, String reason) {
                        settled.countDown();
                    }
                }));
                assertThat(settled.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(replies.get()).isEqualTo(5);
                Thread.sleep(50); // the turn that read the replies ends and the engine goes to sleep
                long before = engine.turns();
                Thread.sleep(TIMEOUT.toMillis() * 2); // past every timeout of the burst
                assertThat(engine.turns()).as("engine turns while nothing was due (round %d)", round)
                        .isEqualTo(before);
            }
        }
    }
}
