package connmonitor.trace;

import connmonitor.probe.PathResult;
import connmonitor.probe.TraceResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code rounds} traces of one host, per hop: every probe's RTT (or a loss), kept in a ring so
 * that the statistics are mtr's over a sliding window rather than since start. A hop beyond the latest
 * trace's end (the path got shorter) is no longer reported, and the host answering one hop late because
 * the probes at its hop were lost is its loss, not a hop. Not thread-safe: one owner updates it.
 */
public final class PathWindow {

    private final int rounds;
    private final List<HopRing> hops = new ArrayList<>();
    private int roundsSeen;
    private int latestLength;
    /** The host, and the hop (from 0) where the latest trace that reached it in full met it; -1 before. */
    private InetAddress host;
    private int hostHop = -1;

    /** @param rounds how many traces the statistics cover */
    public PathWindow(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("a window needs at least one round");
        }
        this.rounds = rounds;
    }

    public void add(TraceResult trace) {
        List<List<TraceResult.Step>> probes = trace.probes();
        int length = hostLateByLostProbes(trace) ? hostHop + 1 : probes.size();
        int perHop = probes.stream().mapToInt(List::size).max().orElse(1);
        for (int hop = 0; hop < length; hop++) {
            if (hop == hops.size()) {
                hops.add(new HopRing(rounds * perHop));
            }
            HopRing ring = hops.get(hop);
            ring.ensureCapacity(rounds * perHop);
            for (TraceResult.Step probe : probes.get(hop)) {
                ring.add(probe);
            }
        }
        if (trace.reached() && length == probes.size()) {
            host = trace.steps().getLast().address();
            hostHop = length - 1;
            while (hops.size() > length) { // the path got shorter: a longer one later starts its hops afresh
                hops.removeLast();
            }
        }
        latestLength = length;
        roundsSeen++;
    }

    /**
     * Whether this trace met the host beyond the hop where the window has it only because every probe at
     * that hop and after it was lost: the next TTL reaches the host too. mtr shows the host at the lowest
     * hop it answered at, and so does the window: the silent hop counts as the host's loss, and the probes
     * beyond it are no hop. A router answering in between means the path really got longer.
     */
    private boolean hostLateByLostProbes(TraceResult trace) {
        List<List<TraceResult.Step>> probes = trace.probes();
        if (!trace.reached() || hostHop < 0 || probes.size() <= hostHop + 1
                || !trace.steps().getLast().address().equals(host)) {
            return false;
        }
        for (int hop = hostHop; hop < probes.size() - 1; hop++) {
            if (probes.get(hop).stream().anyMatch(TraceResult.Step::answered)) {
                return false;
            }
        }
        return true;
    }

    /** The statistics now; an empty path before the first trace. */
    public PathResult result() {
        List<PathResult.Hop> out = new ArrayList<>(latestLength);
        for (int hop = 0; hop < latestLength; hop++) {
            out.add(hops.get(hop).statistics(hop + 1));
        }
        return new PathResult(out, Math.min(roundsSeen, rounds));
    }

    /** One hop's probes, oldest first once the ring is full; NaN marks a lost probe. */
    private static final class HopRing {
        private double[] rtts;
        private int next;
        private int size;
        private InetAddress lastAddress;

        HopRing(int capacity) {
            rtts = new double[capacity];
        }

        /** A trace with more probes per hop than before widens the window to keep as many rounds. */
        void ensureCapacity(int capacity) {
            if (capacity > rtts.length) {
                double[] wider = new double[capacity];
                for (int i = 0; i < size; i++) {
                    wider[i] = at(i);
                }
                rtts = wider;
                next = size;
            }
        }

        void add(TraceResult.Step probe) {
            rtts[next] = probe.answered() ? probe.rttMillis() : Double.NaN;
            next = (next + 1) % rtts.length;
            size = Math.min(size + 1, rtts.length);
            if (probe.answered()) {
                lastAddress = probe.address();
            }
        }

        /** The i-th kept probe, oldest first. */
        private double at(int i) {
            int oldest = size < rtts.length ? 0 : next;
            return rtts[(oldest + i) % rtts.length];
        }

        PathResult.Hop statistics(int hop) {
            int received = 0;
            double sum = 0;
            double best = Double.NaN;
            double worst = Double.NaN;
            double last = Double.NaN;
            double jitterSum = 0;
            for (int i = 0; i < size; i++) {
                double rtt = at(i);
                if (Double.isNaN(rtt)) {
                    continue;
                }
                if (received > 0) {
                    jitterSum += Math.abs(rtt - last);
                }
                received++;
                sum += rtt;
                best = received == 1 ? rtt : Math.min(best, rtt);
                worst = received == 1 ? rtt : Math.max(worst, rtt);
                last = rtt;
            }
            double avg = received == 0 ? Double.NaN : sum / received;
            double jitter = received < 2 ? (received == 1 ? 0 : Double.NaN) : jitterSum / (received - 1);
            return new PathResult.Hop(hop, lastAddress, size, received, last, avg, best, worst, jitter);
        }
    }
}
