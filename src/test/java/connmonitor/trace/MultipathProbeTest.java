package connmonitor.trace;

import connmonitor.config.ConfigParser;
import connmonitor.config.HostEntry;
import connmonitor.config.Target;
import connmonitor.icmp.IcmpEngine;
import connmonitor.icmp.TestNatives;
import connmonitor.probe.PathSetResult;
import connmonitor.probe.Unmeasurable;
import connmonitor.schedule.Scheduler;
import connmonitor.support.Netns;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * paths= on loopback, in a namespace of its own: one path (the host at TTL 1), found in a first run's first round
 * of n_2 = 11 flows (no path known yet), and its probes counted. The multipath cases are MultipathLabIT's.
 */
@Tag("root")
class MultipathProbeTest {

    private static Netns netns;
    private static ExecutorService inNamespace;
    private static IcmpEngine engine;
    private static ScheduledThreadPoolExecutor timer;

    @BeforeAll
    static void setUp() throws Exception {
        netns = Netns.create();
        netns.sysctl("net.ipv4.icmp_ratelimit", "0"); // 6 flows x 4 port unreachables at once
        netns.sysctl("net.ipv6.icmp.ratelimit", "0");
        inNamespace = TestNatives.threadIn(netns.name());
        engine = inNamespace.submit(() -> IcmpEngine.start(true, Throwable::printStackTrace)).get(20, TimeUnit.SECONDS);
        timer = Scheduler.newTimer();
    }

    @AfterAll
    static void tearDown() throws Exception {
        timer.shutdownNow();
        engine.close();
        inNamespace.shutdownNow();
        netns.close();
    }

    static Target target(String line, String address) {
        HostEntry entry = ConfigParser.parse(line).hosts().getFirst();
        return new Target(entry.host(), InetAddress.ofLiteral(address), entry.options(), entry.line(), entry.fleet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1 proto=udp", "127.0.0.1 proto=tcp port=9", "127.0.0.1", "::1 proto=udp",
            "::1 proto=tcp"})
    void loopbackIsOnePathFoundInAFirstRunOfElevenFlows(String host) throws Exception {
        String address = host.split(" ")[0];
        PathSetResult result = new MultipathProbe(engine, timer).measure(target(host + " paths=1000 hops=4", address))
                .get(20, TimeUnit.SECONDS);
        assertThat(result.paths()).containsExactly(List.of(InetAddress.ofLiteral(address)));
        assertThat(result.flows()).isEqualTo(11);
        assertThat(result.probes()).isEqualTo(11 * 4);
    }

    /**
     * A run starts from one flow of each path the host's last run found: n_1 = 6 flows for loopback's one path,
     * also for an equal target (a reload parses an unchanged line anew), until the probe is told the host is
     * no longer measured; then it starts afresh with n_2 = 11.
     */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1 proto=udp", "::1"})
    void aHostsLastPathsAreKeptForEqualTargetsUntilTheHostIsNoLongerMeasured(String host) throws Exception {
        String address = host.split(" ")[0];
        String line = host + " paths=1000 hops=4";
        MultipathProbe probe = new MultipathProbe(engine, timer);
        assertThat(probe.measure(target(line, address)).get(20, TimeUnit.SECONDS).flows()).isEqualTo(11);
        assertThat(probe.measure(target(line, address)).get(20, TimeUnit.SECONDS).flows()).isEqualTo(6);

        probe.retainOnly(java.util.Set.of(target(line, address), target("127.0.0.9 paths=1000", "127.0.0.9")));
        assertThat(probe.measure(target(line, address)).get(20, TimeUnit.SECONDS).flows()).isEqualTo(6);

        probe.retainOnly(java.util.Set.of(target("127.0.0.9 paths=1000", "127.0.0.9")));
        assertThat(probe.measure(target(line, address)).get(20, TimeUnit.SECONDS).flows()).isEqualTo(11);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void flowsOfARunAreDistinct(String address) {
        Target udp = target(address + " proto=udp paths=1000", address);
        Target icmp = target(address + " paths=1000", address);
        for (int seed = 0; seed < 20; seed++) {
            int[] ports = MultipathProbe.flows(udp, new java.util.SplittableRandom(seed));
            int[] checksums = MultipathProbe.flows(icmp, new java.util.SplittableRandom(seed));
            assertThat(java.util.Arrays.stream(ports).distinct().count()).isEqualTo(MultipathProbe.MAX_FLOWS);
            assertThat(java.util.Arrays.stream(ports).boxed().toList()).allMatch(port -> port >= 61_000 && port <= 65_535);
            assertThat(java.util.Arrays.stream(checksums).distinct().count()).isEqualTo(MultipathProbe.MAX_FLOWS);
            assertThat(java.util.Arrays.stream(checksums).boxed().toList())
                    .allMatch(checksum -> checksum >= 1 && checksum <= 0xfffe);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1 proto=udp"})
    void withoutRawSocketsItIsUnmeasurable(String host) {
        try (IcmpEngine unprivileged = IcmpEngine.start(false, Throwable::printStackTrace)) {
            assertThatThrownBy(() -> new MultipathProbe(unprivileged, timer)
                    .measure(target(host + " paths=1000", "127.0.0.1")).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(Unmeasurable.class)
                    .hasMessageContaining("cannot look for the paths to 127.0.0.1");
        }
    }
}
