package connmonitor.icmp;

import connmonitor.lab.Lab;
import connmonitor.lab.Link;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several engines in one process, each with its own raw sockets and identifiers: every host's echoes
 * are answered whichever engine it lands on, and traces through routers (whose time-exceeded errors
 * the identifier filter judges by the quoted request) reach the engine that sent them, never another.
 */
@Tag("root")
class EngineShardsTest {

    /** The fate of each packet of one request: "reply", or the error and who sent it. */
    private static class Fates implements ProbeListener {
        final String[] fates;
        final CompletableFuture<List<String>> done = new CompletableFuture<>();
        private int settled;

        Fates(int count) {
            fates = new String[count];
        }

        private synchronized void settle(int index, String fate) {
            fates[index] = fate;
            if (++settled == fates.length) {
                done.complete(List.of(fates));
            }
        }

        @Override
        public void onEchoReply(int index, long rttNanos) {
            settle(index, "reply");
        }

        @Override
        public void onIcmpError(int index, long rttNanos, InetAddress from, IcmpError error) {
            settle(index, error + " " + from.getHostAddress());
        }

        @Override
        public void onNoReply(int index) {
            settle(index, "none");
        }

        @Override
        public void onSendFailed(int index, String reason) {
            settle(index, "failed " + reason);
        }
    }

    @Test
    void twoEnginesAnswerEveryHostAndShareThem() throws Exception {
        try (EngineShards engines = EngineShards.start(true, Throwable::printStackTrace, 2)) {
            assertThat(engines.size()).isEqualTo(2);
            List<CompletableFuture<List<String>>> bursts = new ArrayList<>();
            int[] perEngine = new int[2];
            for (int i = 0; i < 400; i++) {
                InetAddress host = InetAddress.ofLiteral("127.31." + (i / 200) + "." + (1 + i % 200));
                perEngine[EngineShards.shardOf(host, 2)]++;
                Fates fates = new Fates(10);
                engines.submit(ProbeRequest.echo(host, 10, 41, Duration.ofSeconds(2), fates));
                bursts.add(fates.done);
            }
            for (CompletableFuture<List<String>> burst : bursts) {
                assertThat(burst.get(20, TimeUnit.SECONDS)).containsOnly("reply");
            }
            assertThat(perEngine[0]).as("hosts on the first engine").isBetween(150, 250);
            assertThat(engines.mode(false)).isEqualTo(SocketMode.RAW);
            long before = engines.turns();
            assertThat(turnsAfterNudging(engines, before)).as("both engine threads went round").isGreaterThan(before);
        }
    }

    /** The service watchdog's sign of life: one engine held up stops it though the other goes on. */
    @Test
    void oneStuckEngineStopsTheTurnsOfAll() throws Exception {
        try (EngineShards engines = EngineShards.start(true, Throwable::printStackTrace, 2)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            InetAddress held = InetAddress.ofLiteral("127.34.0.1");
            Fates stuck = new Fates(1) {
                @Override
                public void onEchoReply(int index, long rttNanos) {
                    holding.countDown();
                    try {
                        release.await(); // on the engine thread, as a listener with a bug would
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    super.onEchoReply(index, rttNanos);
                }
            };
            engines.submit(ProbeRequest.echo(held, 1, 41, Duration.ofSeconds(2), stuck));
            // held once its listener runs, not after a fixed sleep a stalled machine may outlast
            assertThat(holding.await(10, TimeUnit.SECONDS)).as("the engine thread is held").isTrue();
            long seen = engines.turns();
            engines.nudge();
            Thread.sleep(300);
            assertThat(engines.turns()).as("one engine stuck").isEqualTo(seen);
            InetAddress other = InetAddress.ofLiteral("127.34.0.2");
            for (int i = 3; EngineShards.shardOf(other, 2) == EngineShards.shardOf(held, 2); i++) {
                other = InetAddress.ofLiteral("127.34.0." + i);
            }
            Fates free = new Fates(3);
            engines.submit(ProbeRequest.echo(other, 3, 41, Duration.ofSeconds(2), free));
            assertThat(free.done.get(10, TimeUnit.SECONDS)).as("the other engine still works").containsOnly("reply");
            release.countDown();
            assertThat(stuck.done.get(10, TimeUnit.SECONDS)).containsExactly("reply");
            assertThat(turnsAfterNudging(engines, seen)).as("both go round again").isGreaterThan(seen);
        }
    }

    /**
     * The engines' turns once they went round past {@code before}, or after 5 s. A nudged engine goes round within
     * microseconds, but on a loaded machine its thread may wait 100 ms and more for a CPU (one run in four failed
     * with a fixed 100 ms sleep), so it is nudged and looked at again (the count is the slowest engine's: both must
     * have gone round).
     */
    private static long turnsAfterNudging(EngineShards engines, long before) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long turns;
        do {
            engines.nudge();
            Thread.sleep(50);
            turns = engines.turns();
        } while (turns <= before && System.nanoTime() < end);
        return turns;
    }

    @Test
    void growingAndShrinkingMovesHostsWithoutLosingAnEcho() throws Exception {
        try (EngineShards engines = EngineShards.start(true, Throwable::printStackTrace, 1)) {
            for (int count : new int[] {3, 1, 2}) {
                engines.resize(count);
                List<CompletableFuture<List<String>>> bursts = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Fates fates = new Fates(5);
                    engines.submit(ProbeRequest.echo(InetAddress.ofLiteral("127.32.0." + (1 + i)), 5, 41,
                            Duration.ofSeconds(2), fates));
                    bursts.add(fates.done);
                }
                for (CompletableFuture<List<String>> burst : bursts) {
                    assertThat(burst.get(20, TimeUnit.SECONDS)).containsOnly("reply");
                }
                assertThat(engines.size()).isEqualTo(count);
            }
        }
    }

    /**
     * An engine starts with the smallest slot table (1,024) and grows it while requests are in flight,
     * as when a reload adds hosts: 3,000 echoes go out over 0.6 s on a 1 s path, so all wait at once, and
     * every one is answered, none refused or left to wait for a free slot.
     */
    @Test
    void theSlotTableGrowsUnderRequestsInFlightWithoutLosingOne() throws Exception {
        try (Lab lab = Lab.builder().host("client").host("server")
                .link("client", "server", Link.emulated().delay(Duration.ofSeconds(1))).build()) {
            ExecutorService inClient = TestNatives.threadIn(lab.namespace("client"));
            IcmpEngine engine = inClient.submit(() -> IcmpEngine.start(true, Throwable::printStackTrace))
                    .get(20, TimeUnit.SECONDS);
            try {
                assertThat(engine.slotCapacity()).isEqualTo(SlotTable.MIN_CAPACITY);
                InetAddress server = lab.ipv4("server");
                List<Fates> all = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    Fates fates = new Fates(50);
                    engine.submit(ProbeRequest.echo(server, 50, 41, Duration.ofSeconds(5), fates));
                    all.add(fates);
                    // 5,000 packets/s: the emulator's thread forwards them one by one; a burst of thousands at
                    // once would wait in its TUN device's queue for it
                    Thread.sleep(10);
                }
                java.util.Map<String, Integer> counted = new java.util.TreeMap<>();
                for (Fates fates : all) {
                    fates.done.get(30, TimeUnit.SECONDS).forEach(fate -> counted.merge(fate, 1, Integer::sum));
                }
                // should the lab lose some, the emulator's counters and the TUN devices' drops say where
                String where = "emulator client->server %s, server->client %s; client's devices: %s".formatted(
                        lab.emulator("client", "server").direction("client").counters(),
                        lab.emulator("client", "server").direction("server").counters(),
                        lab.exec("client", "ip", "-s", "-o", "link").stdout());
                assertThat(counted).as("the fates of 3,000 echoes (%s)", where)
                        .containsExactly(java.util.Map.entry("reply", 3_000));
                assertThat(engine.slotCapacity()).as("grown to hold them at once").isGreaterThanOrEqualTo(4_096);
            } finally {
                engine.close();
                inClient.shutdownNow();
            }
        }
    }

    /** client - r1 - r2 - server; two engines trace the server at the same time, over IPv4 and IPv6. */
    @Test
    void tracesThroughRoutersReachTheEngineThatSentThem() throws Exception {
        try (Lab lab = Lab.builder().host("client").router("r1").router("r2").host("server")
                .link("client", "r1", Link.emulated()).link("r1", "r2", Link.emulated())
                .link("r2", "server", Link.emulated()).build()) {
            ExecutorService inClient = TestNatives.threadIn(lab.namespace("client"));
            int base = 20_000;
            List<IcmpEngine> engines = inClient.submit(() -> List.of(
                    IcmpEngine.startShard(true, Throwable::printStackTrace, base, "shard-a", 0),
                    IcmpEngine.startShard(true, Throwable::printStackTrace, base + IcmpEngine.IDENTIFIERS, "shard-b", 0)))
                    .get(20, TimeUnit.SECONDS);
            try {
                for (boolean ipv6 : new boolean[] {false, true}) {
                    InetAddress server = ipv6 ? lab.ipv6("server") : lab.ipv4("server");
                    List<String> expected = List.of(
                            "TIME_EXCEEDED " + (ipv6 ? lab.ipv6("r1", "client") : lab.ipv4("r1", "client")).getHostAddress(),
                            "TIME_EXCEEDED " + (ipv6 ? lab.ipv6("r2", "r1") : lab.ipv4("r2", "r1")).getHostAddress(),
                            "reply", "reply");
                    List<Fates> traces = new ArrayList<>();
                    for (int round = 0; round < 3; round++) {
                        for (IcmpEngine engine : engines) {
                            Fates fates = new Fates(4);
                            engine.submit(new ProbeRequest(server, 4, 32, 1, Duration.ofSeconds(2), true, fates));
                            traces.add(fates);
                        }
                    }
                    for (Fates trace : traces) {
                        assertThat(trace.done.get(20, TimeUnit.SECONDS)).as(ipv6 ? "IPv6" : "IPv4").isEqualTo(expected);
                    }
                }
            } finally {
                engines.forEach(IcmpEngine::close);
                inClient.shutdownNow();
            }
        }
    }
}
