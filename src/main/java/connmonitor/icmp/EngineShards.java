package connmonitor.icmp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Several {@link IcmpEngine}s behind one {@link ProbeEngine}, for configs that ask for more echoes
 * per second than one engine thread can move: each engine has its own thread, its own sockets and its
 * own {@link IcmpEngine#IDENTIFIERS} identifiers (its raw sockets filter out the others' replies in
 * the kernel), and each host goes to one engine by a hash of its address. Requests are independent, so
 * a host may move to another engine when the count changes: the requests already in flight finish on
 * the old one. Engines once started stay: one no longer routed to sleeps in poll until it is needed again.
 */
public final class EngineShards implements ProbeEngine {

    /**
     * Echoes per second given to one engine before a second one starts: one engine thread moved about
     * 147,000 per second on the 2-core development machine (issue 19), so this leaves it headroom.
     */
    public static final double ECHOES_PER_ENGINE = 100_000;
    /** Most engines at once: 16 x 4 identifiers of the 65,536 an ICMP echo can carry. */
    public static final int MAX_ENGINES = 16;

    private final boolean allowRaw;
    private final Consumer<Throwable> faults;
    private final int identifierBase;
    private final List<IcmpEngine> started = new ArrayList<>();
    /** The engines requests go to now: a prefix of {@link #started}, replaced whole (read without a lock). */
    private volatile IcmpEngine[] active;
    /** Each engine's turns at the previous {@link #turns} call, and how often all of them had grown. */
    private long[] seen = new long[0];
    private long allWentRound;

    private EngineShards(boolean allowRaw, Consumer<Throwable> faults, int count, long peakInFlight) {
        this.allowRaw = allowRaw;
        this.faults = faults;
        this.identifierBase = new SplittableRandom().nextInt(1 << 16);
        resize(count, peakInFlight);
    }

    /**
     * Starts {@code count} engines (see {@link IcmpEngine#start} for {@code allowRaw} and {@code faults}),
     * each with the smallest slot table (it grows as requests need).
     */
    public static EngineShards start(boolean allowRaw, Consumer<Throwable> faults, int count) {
        return new EngineShards(allowRaw, faults, count, 0);
    }

    /**
     * Starts {@code count} engines whose slot tables fit {@code peakInFlight} requests in flight at once
     * over all of them.
     */
    public static EngineShards start(boolean allowRaw, Consumer<Throwable> faults, int count, long peakInFlight) {
        return new EngineShards(allowRaw, faults, count, peakInFlight);
    }

    /** How many engines a config asking for this many echoes per second needs on this many processors. */
    public static int forRate(double echoesPerSecond, int processors) {
        int wanted = (int) Math.ceil(echoesPerSecond / ECHOES_PER_ENGINE);
        return Math.max(1, Math.min(wanted, Math.min(processors, MAX_ENGINES)));
    }

    /** Routes requests to {@code count} engines from now on, starting the ones not running yet. */
    public synchronized void resize(int count) {
        resize(count, 0);
    }

    /**
     * Routes requests to {@code count} engines from now on, starting the ones not running yet with slot
     * tables for their share of {@code peakInFlight}; the engines already running grow theirs as needed.
     */
    public synchronized void resize(int count, long peakInFlight) {
        if (count < 1 || count > MAX_ENGINES) {
            throw new IllegalArgumentException("engines: " + count + " (1 to " + MAX_ENGINES + ")");
        }
        while (started.size() < count) {
            int shard = started.size();
            started.add(IcmpEngine.startShard(allowRaw, faults, identifierBase + shard * IcmpEngine.IDENTIFIERS,
                    shard == 0 ? "icmp-engine" : "icmp-engine-" + (shard + 1), peakInFlight / count));
        }
        active = started.subList(0, count).toArray(new IcmpEngine[0]);
    }

    /** How many engines requests go to now. */
    public int size() {
        return active.length;
    }

    /** Which of {@code engines} engines a destination goes to: stable for an address and a count. */
    static int shardOf(InetAddress destination, int engines) {
        if (engines == 1) {
            return 0;
        }
        int h = destination.hashCode() * 0x9e3779b9; // Inet4Address's hash is the address itself: spread it
        return Math.floorMod(h ^ (h >>> 16), engines);
    }

    @Override
    public void submit(ProbeRequest request) {
        IcmpEngine[] engines = active;
        engines[shardOf(request.destination(), engines.length)].submit(request);
    }

    @Override
    public SocketMode mode(boolean ipv6) {
        return active[0].mode(ipv6);
    }

    @Override
    public String unavailableReason(boolean ipv6) {
        return active[0].unavailableReason(ipv6);
    }

    @Override
    public String unavailableReason(boolean ipv6, Transport transport) {
        return active[0].unavailableReason(ipv6, transport);
    }

    /**
     * How many times every engine has gone round since the previous call: it grows only when each
     * engine thread made progress, so one stuck engine stops it even while the others run.
     */
    @Override
    public synchronized long turns() {
        if (seen.length < started.size()) {
            int from = seen.length;
            seen = Arrays.copyOf(seen, started.size());
            Arrays.fill(seen, from, seen.length, -1); // a new engine counts as having gone round
        }
        boolean every = true;
        for (int i = 0; i < started.size(); i++) {
            long turns = started.get(i).turns();
            every &= turns > seen[i];
            seen[i] = turns;
        }
        if (every) {
            allWentRound++;
        }
        return allWentRound;
    }

    @Override
    public synchronized void nudge() {
        started.forEach(IcmpEngine::nudge);
    }

    @Override
    public synchronized long backlogNanos(long nanoTimeNow) {
        long longest = 0;
        for (IcmpEngine engine : started) {
            longest = Math.max(longest, engine.backlogNanos(nanoTimeNow));
        }
        return longest;
    }

    @Override
    public synchronized int backlogRequests() {
        return started.stream().mapToInt(IcmpEngine::backlogRequests).sum();
    }

    @Override
    public synchronized long lateSends() {
        return started.stream().mapToLong(IcmpEngine::lateSends).sum();
    }

    /** Every started engine's open sockets of this family, for {@link SocketDrops}. */
    synchronized int[] socketFds(boolean ipv6) {
        return started.stream().flatMapToInt(engine -> engine.socketFds(ipv6)).toArray();
    }

    @Override
    public synchronized void close() {
        started.forEach(IcmpEngine::close);
    }
}
