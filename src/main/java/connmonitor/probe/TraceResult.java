package connmonitor.probe;

import java.net.InetAddress;
import java.util.ArrayList;
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
     * What to compare the host's next trace with after this one, given what was compared with before ({@code
     * known}, null for nothing): this trace when its route differs (or nothing was known), else the known route
     * with the hops it lacked filled in from this trace. Keeping a {@code *} as it was would match every later
     * router at that hop, so a change there would never show; comparing with the previous trace alone would do
     * the same whenever that one lost the probe.
     */
    public TraceResult routeKnownAfter(TraceResult known) {
        return sameRouteAs(known) ? known.filledInFrom(this) : this;
    }

    /**
     * This route with every hop it has no answer for taken from a later trace of the same route. Its length is
     * where the host was met: the shorter of two traces that both reached it (the other lost the probe that
     * met it sooner), the one that reached it when only one did, the longer when neither did.
     */
    private TraceResult filledInFrom(TraceResult later) {
        int length = reached && later.reached ? Math.min(steps.size(), later.steps.size())
                : reached ? steps.size()
                : later.reached ? later.steps.size()
                : Math.max(steps.size(), later.steps.size());
        List<Step> known = new ArrayList<>(length);
        boolean learnt = length != steps.size() || later.reached && !reached;
        for (int hop = 0; hop < length; hop++) {
            Step mine = hop < steps.size() ? steps.get(hop) : Step.NO_ANSWER;
            boolean fill = !mine.answered() && hop < later.steps.size() && later.steps.get(hop).answered();
            known.add(fill ? later.steps.get(hop) : mine);
            learnt |= fill;
        }
        // the usual case, a known route without a *: kept as it is, not copied at every trace
        return learnt ? new TraceResult(known, reached || later.reached) : this;
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
