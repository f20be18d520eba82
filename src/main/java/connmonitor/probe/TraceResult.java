package connmonitor.probe;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/** A route trace: one step per TTL from 1, ending at the first step that reached the host. */
public record TraceResult(List<Step> steps, boolean reached) implements Measurement {

    public TraceResult {
        steps = List.copyOf(steps);
    }

    @Override
    public Kind kind() {
        return Kind.TRACE;
    }

    /** The answering addresses in order, with the unanswered ({@code *}) steps left out. */
    public List<InetAddress> route() {
        return steps.stream().filter(Step::answered).map(Step::address).toList();
    }

    /** Two routes are the same when their answering addresses, in order and ignoring {@code *}, are. */
    public boolean sameRouteAs(TraceResult other) {
        return other != null && route().equals(other.route());
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
