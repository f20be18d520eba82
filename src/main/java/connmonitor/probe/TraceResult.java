package connmonitor.probe;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A route trace: one step per TTL from 1, ending at the first step that reached the host.
 *
 * @param steps  what is printed: per TTL, the first probe that got an answer, or {@code *}
 * @param probes per TTL, every probe sent with it ({@code probes=N} sends N), answered or not; the
 *               per-hop statistics count these
 */
public record TraceResult(List<Step> steps, boolean reached, List<List<Step>> probes) implements Measurement {

    public TraceResult {
        steps = List.copyOf(steps);
        probes = probes.stream().map(List::copyOf).toList();
        if (probes.size() != steps.size()) {
            throw new IllegalArgumentException("a trace needs the probes of each of its " + steps.size() + " steps");
        }
    }

    /** A trace of one probe per TTL (as 4.1.3 sent). */
    public TraceResult(List<Step> steps, boolean reached) {
        this(steps, reached, steps.stream().map(List::of).toList());
    }

    @Override
    public Kind kind() {
        return Kind.TRACE;
    }

    /**
     * Two routes are the same unless, at some hop where both got an answer, the addresses differ. A {@code *}
     * matches anything, so a lost probe is never a change, nor is the host answering one hop later because
     * the probe that would have reached it was lost; a longer or shorter path still differs, because a hop
     * where one trace met the host meets a router in the other. RTTs never matter. (4.1.3 compared whole
     * step lists and so reprinted on every lost probe.)
     */
    public boolean sameRouteAs(TraceResult other) {
        if (other == null) {
            return false;
        }
        int common = Math.min(steps.size(), other.steps.size());
        for (int hop = 0; hop < common; hop++) {
            Step mine = steps.get(hop);
            Step theirs = other.steps.get(hop);
            if (mine.answered() && theirs.answered() && !mine.address().equals(theirs.address())) {
                return false;
            }
        }
        return true;
    }

    /**
     * One TTL of a trace: the address that answered and its RTT in ms, or no answer ({@code *}).
     */
    public record Step(InetAddress address, double rttMillis) {

        public static final Step NO_ANSWER = new Step(null, -1);

        public static Step answered(InetAddress address, double rttMillis) {
            return new Step(Objects.requireNonNull(address), rttMillis);
        }

        public boolean answered() {
            return address != null;
        }
    }
}
