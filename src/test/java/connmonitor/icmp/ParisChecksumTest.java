package connmonitor.icmp;

import connmonitor.support.Netns;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes of one trace leave with one and the same ICMP checksum (Paris traceroute), so a load
 * balancer hashing the first bytes of the ICMP header sends them all one way; pings need not.
 * Watched on the wire by a raw socket of the test's own, in a namespace of its own.
 */
@Tag("root")
class ParisChecksumTest {

    private static final ValueLayout.OfShort WORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static Netns netns;
    private static ExecutorService inNamespace;
    private static IcmpEngine engine;

    private record Seen(int checksum, int sequence, int ttl) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        netns = Netns.create();
        inNamespace = Executors.newCachedThreadPool(TestNatives.threadsIn(netns.name()));
        engine = inNamespace.submit(() -> IcmpEngine.start(true, Throwable::printStackTrace)).get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void tearDown() throws Exception {
        engine.close();
        inNamespace.shutdownNow();
        netns.close();
    }

    /** Sends the request and returns the echo requests seen on the wire (IPv4: with their TTL). */
    private static List<Seen> watch(ProbeRequest request, boolean ipv6) throws Exception {
        int fd = inNamespace.submit(() -> {
            try {
                return ipv6 ? TestNatives.rawSocket(Libc.AF_INET6, Libc.IPPROTO_ICMPV6)
                        : TestNatives.rawSocket(Libc.AF_INET, Libc.IPPROTO_ICMP);
            } catch (Throwable failed) {
                throw new IllegalStateException(failed);
            }
        }).get(5, TimeUnit.SECONDS);
        List<Seen> seen = new ArrayList<>();
        CountDownLatch listening = new CountDownLatch(1);
        var reader = inNamespace.submit(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(70_000);
                listening.countDown();
                while (seen.size() < request.count()) {
                    long length = TestNatives.recv(fd, buffer);
                    int icmp = ipv6 ? 0 : (buffer.get(ValueLayout.JAVA_BYTE, 0) & 0x0f) * 4;
                    int type = buffer.get(ValueLayout.JAVA_BYTE, icmp) & 0xff;
                    if (length > icmp + 8 && type == (ipv6 ? 128 : 8)) {
                        seen.add(new Seen(buffer.get(WORD, icmp + 2) & 0xffff, buffer.get(WORD, icmp + 6) & 0xffff,
                                ipv6 ? -1 : buffer.get(ValueLayout.JAVA_BYTE, 8) & 0xff));
                    }
                }
            } catch (Throwable failed) {
                throw new IllegalStateException(failed);
            }
            return null;
        });
        listening.await();
        engine.submit(request);
        try {
            reader.get(10, TimeUnit.SECONDS);
        } finally {
            try {
                TestNatives.close(fd);
            } catch (Throwable ignored) {
                // the test is over either way
            }
        }
        return seen;
    }

    private static ProbeRequest trace(String address, boolean constant) {
        return new ProbeRequest(InetAddress.ofLiteral(address), 20, 24, 1, Duration.ofSeconds(1), constant,
                IgnoringListener.INSTANCE);
    }

    @Test
    void everyProbeOfATraceCarriesTheSameChecksumAndItsOwnTtl() throws Exception {
        List<Seen> seen = watch(trace("127.0.0.1", true), false);
        assertThat(seen).extracting(Seen::checksum).containsOnly(seen.getFirst().checksum());
        assertThat(seen).extracting(Seen::ttl).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(new HashSet<>(seen.stream().map(Seen::sequence).toList())).hasSize(20);
    }

    @Test
    void soDoIpv6Probes() throws Exception {
        List<Seen> seen = watch(trace("::1", true), true);
        assertThat(seen).hasSize(20).extracting(Seen::checksum).containsOnly(seen.getFirst().checksum());
    }

    @Test
    void withoutTheBalanceTheChecksumsDiffer() throws Exception {
        Set<Integer> checksums = new HashSet<>(watch(trace("127.0.0.1", false), false).stream().map(Seen::checksum).toList());
        assertThat(checksums).hasSizeGreaterThan(15);
    }

    @Test
    void aChosenFlowIsTheChecksumOnTheWire() throws Exception {
        for (int flow : new int[] {0x1234, 0xfffe}) {
            ProbeRequest request = new ProbeRequest(InetAddress.ofLiteral("127.0.0.1"), 10, 24, 1,
                    Duration.ofSeconds(1), true, IgnoringListener.INSTANCE, PacketControls.NONE, Transport.ICMP, 0, flow);
            assertThat(watch(request, false)).hasSize(10).extracting(Seen::checksum).containsOnly(flow);
        }
    }
}
