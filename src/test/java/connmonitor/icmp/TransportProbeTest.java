package connmonitor.icmp;

import connmonitor.support.Netns;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * proto=tcp|udp on the loopback, through the engine: a SYN to a listening port comes back as a SYN-ACK,
 * to a closed one as an RST, a datagram to a closed UDP port as the host's port unreachable; each is the
 * probe's reply, once, with a round trip. Real packets, real kernel answers.
 */
@Tag("root")
class TransportProbeTest {

    /** A namespace of its own: the machine's loopback is shared, and so is its ICMP error budget. */
    private static Netns netns;
    private static ExecutorService inNamespace;

    @BeforeAll
    static void setUp() throws Exception {
        netns = Netns.create();
        // the kernel's ICMP error budget would cut the UDP bursts of the allocation test short
        netns.sysctl("net.ipv4.icmp_ratelimit", "0");
        netns.sysctl("net.ipv4.icmp_msgs_per_sec", "1000000");
        netns.sysctl("net.ipv4.icmp_msgs_burst", "1000000");
        inNamespace = TestNatives.threadIn(netns.name());
    }

    @AfterAll
    static void tearDown() throws Exception {
        inNamespace.shutdownNow();
        netns.close();
    }

    private static void inNamespace(Callable<Void> test) throws Exception {
        inNamespace.submit(test).get(60, TimeUnit.SECONDS);
    }

    private static ProbeFates probe(IcmpEngine engine, String address, Transport transport, int port, int count)
            throws Exception {
        ProbeFates fates = new ProbeFates(count);
        engine.submit(new ProbeRequest(InetAddress.ofLiteral(address), count, 41, 0, Duration.ofSeconds(1), false,
                fates, PacketControls.NONE, transport, port));
        assertThat(fates.done.await(10, TimeUnit.SECONDS)).isTrue();
        return fates;
    }

    private static int closedPort(InetAddress address) throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void synAckFromAListeningPortAndRstFromAClosedOne(String address) throws Exception {
        inNamespace(() -> {
            InetAddress host = InetAddress.ofLiteral(address);
            try (IcmpEngine engine = IcmpEngine.start(true, Throwable::printStackTrace);
                 ServerSocket listening = new ServerSocket(0, 50, host)) {
                assertThat(engine.unavailableReason(host.getAddress().length == 16, Transport.TCP)).isNull();
                ProbeFates open = probe(engine, address, Transport.TCP, listening.getLocalPort(), 10);
                assertThat(open.failure).isNull();
                assertThat(open.replies).as("SYN-ACKs").isEqualTo(10);
                assertThat(open.maxRtt).isPositive().isLessThan(Duration.ofMillis(100).toNanos());
                ProbeFates closed = probe(engine, address, Transport.TCP, closedPort(host), 10);
                assertThat(closed.replies).as("RSTs").isEqualTo(10);
            }
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void portUnreachableEndsAUdpProbe(String address) throws Exception {
        inNamespace(() -> {
            InetAddress host = InetAddress.ofLiteral(address);
            try (IcmpEngine engine = IcmpEngine.start(true, Throwable::printStackTrace)) {
                ProbeFates fates = probe(engine, address, Transport.UDP, closedPort(host), 5);
                assertThat(fates.failure).isNull();
                assertThat(fates.replies).as("port unreachables").isEqualTo(5);
                assertThat(fates.errors + fates.silent).isZero();
            }
            return null;
        });
    }

    /** A request that names its flow leaves from that source port (multipath tracing sends many flows). */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aChosenFlowIsTheSourcePort(String address) throws Exception {
        inNamespace(() -> {
            InetAddress host = InetAddress.ofLiteral(address);
            try (IcmpEngine engine = IcmpEngine.start(true, Throwable::printStackTrace);
                 java.net.DatagramSocket receiver = new java.net.DatagramSocket(0, host)) {
                receiver.setSoTimeout(5000);
                ProbeFates fates = new ProbeFates(3);
                engine.submit(new ProbeRequest(host, 3, 41, 1, Duration.ofMillis(200), true, fates,
                        PacketControls.NONE, Transport.UDP, receiver.getLocalPort(), 62_345));
                for (int i = 0; i < 3; i++) {
                    java.net.DatagramPacket datagram = new java.net.DatagramPacket(new byte[100], 100);
                    receiver.receive(datagram);
                    assertThat(datagram.getPort()).isEqualTo(62_345);
                }
                assertThat(fates.done.await(10, TimeUnit.SECONDS)).isTrue();
            }
            return null;
        });
    }

    @Test
    void aFlowOutOfRangeIsRefused() {
        InetAddress host = InetAddress.ofLiteral("127.0.0.1");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new ProbeRequest(host,
                1, 24, 1, Duration.ofSeconds(1), true, new ProbeFates(1), PacketControls.NONE, Transport.ICMP, 0, 0xffff));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new ProbeRequest(host,
                1, 24, 1, Duration.ofSeconds(1), true, new ProbeFates(1), PacketControls.NONE, Transport.UDP, 9, 65_536));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void withoutRawSocketsTheReasonIsSaid(String address) {
        try (IcmpEngine engine = IcmpEngine.start(false, Throwable::printStackTrace)) {
            boolean v6 = address.contains(":");
            assertThat(engine.unavailableReason(v6, Transport.TCP)).contains("raw");
            assertThat(engine.unavailableReason(v6, Transport.UDP)).contains("raw");
        }
    }

    /** AllocationTest's measure for SYNs (RSTs back) and datagrams (port unreachables back), in the namespace. */
    @ParameterizedTest
    @ValueSource(strings = {"TCP", "UDP"})
    void noPerPacketGarbage(Transport transport) throws Exception {
        inNamespace(() -> {
            InetAddress host = InetAddress.ofLiteral("127.0.0.1");
            int port = closedPort(host);
            try (IcmpEngine engine = IcmpEngine.start(true, Throwable::printStackTrace)) {
                long engineThread = Thread.getAllStackTraces().keySet().stream()
                        .filter(thread -> thread.getName().equals("icmp-engine")).findFirst().orElseThrow().threadId();
                bytes(engine, engineThread, transport, port, 300, 1000); // warm up the JIT
                double perPacket = Double.MAX_VALUE;
                for (int round = 0; round < 3; round++) { // best of three, as AllocationTest
                    long small = bytes(engine, engineThread, transport, port, 30, 10);
                    long large = bytes(engine, engineThread, transport, port, 30, 1000);
                    perPacket = Math.min(perPacket, (large - small) / (30.0 * 990));
                }
                System.out.printf("%s: %.3f bytes per packet on the engine thread%n", transport, perPacket);
                assertThat(perPacket).isLessThan(1.0);
            }
            return null;
        });
    }

    private static long bytes(IcmpEngine engine, long engineThread, Transport transport, int port, int bursts,
                              int size) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(engineThread);
        for (int i = 0; i < bursts; i++) {
            ProbeFates fates = probe(engine, "127.0.0.1", transport, port, size);
            assertThat(fates.replies).isEqualTo(size);
        }
        return threads.getThreadAllocatedBytes(engineThread) - before;
    }
}
