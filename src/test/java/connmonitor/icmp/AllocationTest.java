package connmonitor.icmp;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine allocates nothing per packet: sending, receiving, matching and timing a request reuse
 * preallocated memory. Measured on the engine thread itself, as the difference between bursts of
 * 1,000 and of 10 echo requests.
 */
@Tag("root")
class AllocationTest {

    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    /** Counts answers; allocates nothing itself. */
    private static final class Counter implements ProbeListener {
        final CountDownLatch done;
        int replies;

        Counter(int count) {
            done = new CountDownLatch(count);
        }

        @Override
        public void onEchoReply(int index, long rttNanos) {
            replies++;
            done.countDown();
        }

        @Override
        public void onIcmpError(int index, long rttNanos, InetAddress from, IcmpError error) {
            done.countDown();
        }

        @Override
        public void onNoReply(int index) {
            done.countDown();
        }

        @Override
        public void onSendFailed(int index, String reason) {
            done.countDown();
        }
    }

    private static long bytesForBursts(IcmpEngine engine, long engineThread, int bursts, int size,
                                       PacketControls controls) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(engineThread);
        for (int i = 0; i < bursts; i++) {
            Counter counter = new Counter(size);
            engine.submit(ProbeRequest.echo(LOOPBACK, size, 41, Duration.ofSeconds(2), counter, controls));
            assertThat(counter.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(counter.replies).isEqualTo(size);
        }
        return threads.getThreadAllocatedBytes(engineThread) - before;
    }

    @Test
    void noPerPacketGarbage() throws Exception {
        assertNoPerPacketGarbage(PacketControls.NONE);
    }

    /** Source, interface, TOS and TTL ride as sendmsg ancillary data built in the socket's own buffers. */
    @Test
    void noPerPacketGarbageWithPacketControls() throws Exception {
        assertNoPerPacketGarbage(PacketControls.of(LOOPBACK, "lo", 184, 64));
    }

    private static void assertNoPerPacketGarbage(PacketControls controls) throws Exception {
        // without it C2 may inline a downcall only partly and allocate its errno capture segment per call
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .as("JVM flags: the launchers', from src/main/jvm/connmonitor.args (pom.xml test.jvm.args)")
                .contains("-XX:CompileCommand=dontinline,connmonitor.icmp.Libc::*");
        try (IcmpEngine engine = IcmpEngine.start(true, Throwable::printStackTrace)) {
            long engineThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("icmp-engine")).findFirst().orElseThrow().threadId();
            bytesForBursts(engine, engineThread, 600, 1000, controls); // warm up the JIT: interpreted code allocates
            // best of three rounds: a JIT recompilation inside one round allocates once, not per packet
            double perPacket = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long small = bytesForBursts(engine, engineThread, 50, 10, controls);
                long large = bytesForBursts(engine, engineThread, 50, 1000, controls);
                perPacket = Math.min(perPacket, (large - small) / (50.0 * 990));
                System.out.printf("engine thread: %d bytes for 50 bursts of 10, %d for 50 of 1,000: %.3f bytes/packet%n",
                        small, large, (large - small) / (50.0 * 990));
            }
            assertThat(perPacket).isLessThan(1.0);
        }
    }
}
