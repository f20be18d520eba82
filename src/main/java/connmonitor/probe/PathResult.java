package connmonitor.probe;

import java.net.InetAddress;
import java.util.List;

/**
 * A host's path as mtr shows it: per hop, the probes of the last traces (a window of rounds) with their
 * loss and RTT statistics. Printed every {@code path=} ms as its own record; the trace records stay as they
 * are.
 *
 * @param rounds how many traces the window holds now (at most its size)
 */
public record PathResult(List<Hop> hops, int rounds) implements Measurement {

    public PathResult {
        hops = List.copyOf(hops);
    }

    @Override
    public Kind kind() {
        return Kind.TRACE;
    }

    /**
     * One hop over the window, in mtr's columns. RTTs are in ms and NaN when no probe was answered.
     *
     * @param hop      the TTL, from 1
     * @param address  the router (or host) that answered last at this hop, or null when none ever did
     * @param jitter   mtr's mean jitter: the mean difference between consecutive answered RTTs
     */
    public record Hop(int hop, InetAddress address, int sent, int received, double last, double avg, double best,
                      double worst, double jitter) {

        /** Lost probes in percent of those sent, 0..100. */
        public double loss() {
            return sent == 0 ? 0 : 100.0 * (sent - received) / sent;
        }
    }
}
