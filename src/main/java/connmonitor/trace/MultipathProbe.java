package connmonitor.trace;

import connmonitor.config.Target;
import connmonitor.icmp.ProbeEngine;
import connmonitor.icmp.ProbeRequest;
import connmonitor.icmp.Transport;
import connmonitor.probe.HostControls;
import connmonitor.probe.PathSetResult;
import connmonitor.probe.Probe;
import connmonitor.probe.ProbeTransport;
import connmonitor.probe.Unmeasurable;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Finds every equal-cost path to a host ({@code paths=}): Paris traceroute's Multipath Detection Algorithm
 * with whole traces as its unit. A round traces several flows at once (each a trace of TTL 1..{@code hops}
 * with a flow identifier of its own: a source port for UDP and TCP, an ICMP checksum for echo); while
 * {@link MultipathRule} says some hop has had too few flows for the next hops it showed, another round
 * traces new flows, up to {@link #MAX_FLOWS} flows a run. The flows' paths, merged by {@link PathMerger},
 * are the result. Rounds follow each other as soon as the previous one ended: a round is one burst.
 *
 * <p>A monitor runs the MDA again and again, and at 95 % confidence one run in about 30 over two paths would
 * miss one and print a change that is not there. So each run starts with one flow of each path the host's
 * last run found (flows are hashed, so a flow takes the same path while that path exists), and spends new
 * flows only on looking for paths it does not know yet: a known path is missed only when it is gone.
 */
public final class MultipathProbe implements Probe<PathSetResult> {

    /** The budget of one run: at most this many flows, so at most MAX_FLOWS x hops probes. */
    public static final int MAX_FLOWS = 64;

    private final ProbeEngine engine;
    private final ScheduledExecutorService timer;
    private final HostControls controls = new HostControls();
    private final SplittableRandom random;
    /**
     * Per host, one flow of each path its last run found. Kept over a reload for the unchanged lines (equal
     * targets), dropped for the others ({@link #retainOnly}); a run of a dropped host that ends after the reload
     * leaves its entry until the next one.
     */
    private final Map<Target, int[]> known = new ConcurrentHashMap<>();

    /** @param timer ends the wait for silent hops and starts the next round; it must not block */
    public MultipathProbe(ProbeEngine engine, ScheduledExecutorService timer) {
        this(engine, timer, new SplittableRandom());
    }

    MultipathProbe(ProbeEngine engine, ScheduledExecutorService timer, SplittableRandom random) {
        this.engine = engine;
        this.timer = timer;
        this.random = random;
    }

    @Override
    public CompletableFuture<PathSetResult> measure(Target target) {
        try {
            TraceProbe.checkTraceable(engine, target, "look for the paths to");
            var packets = controls.of(target);
            int[] fresh;
            synchronized (random) {
                fresh = flows(target, random);
            }
            int[] seeds = known.getOrDefault(target, new int[0]);
            MultipathRun run = new MultipathRun(engine, timer, target, packets,
                    seeded(seeds, fresh), seeds.length, found -> known.put(target, found));
            return run.start();
        } catch (Unmeasurable unmeasurable) {
            return CompletableFuture.failedFuture(unmeasurable);
        }
    }

    @Override
    public void retainOnly(Set<Target> measured) {
        known.keySet().retainAll(measured);
    }

    /** The seeds first (at most {@link #MAX_FLOWS}), then fresh flows not among them: all distinct. */
    static int[] seeded(int[] seeds, int[] fresh) {
        int[] flows = new int[MAX_FLOWS];
        int next = 0;
        Set<Integer> taken = new HashSet<>();
        for (int seed : seeds) {
            if (next < MAX_FLOWS && taken.add(seed)) {
                flows[next++] = seed;
            }
        }
        for (int flow : fresh) {
            if (next < MAX_FLOWS && taken.add(flow)) {
                flows[next++] = flow;
            }
        }
        return flows;
    }

    /**
     * The flow identifiers of a run, distinct and drawn at random: source ports from 61000 on, or ICMP
     * checksums 1..0xfffe. Not consecutive: a balancer whose hash is simple in the ports could split
     * neighbouring ports in a pattern, and the stopping rule assumes flows fall at random.
     */
    static int[] flows(Target target, SplittableRandom random) {
        boolean icmp = ProbeTransport.of(target) == Transport.ICMP;
        int first = icmp ? 1 : ProbeRequest.FIRST_SOURCE_PORT;
        int count = icmp ? ProbeRequest.MAX_ICMP_FLOW : ProbeRequest.SOURCE_PORTS;
        return random.ints(first, first + count).distinct().limit(MAX_FLOWS).toArray();
    }
}
