package connmonitor.probe;

/**
 * Statistics of one ping burst, in milliseconds, and loss in percent (0..100).
 * When every request was lost, min/avg/max/std are -1 and loss is 100 (as connmonitor 4.x prints).
 *
 * @param sent     echo requests sent in the burst
 * @param received distinct, valid echo replies that arrived in time
 * @param rtts     the round-trip time of every reply, in the order the requests were sent
 */
public record PingResult(double min, double avg, double max, double std, double loss,
                         int sent, int received, double[] rtts) implements Measurement {

    public PingResult {
        rtts = rtts.clone();
    }

    @Override
    public double[] rtts() {
        return rtts.clone();
    }

    @Override
    public Kind kind() {
        return Kind.PING;
    }

    /** Computes the statistics of a burst from the RTTs of the replies that arrived. */
    public static PingResult of(int sent, double[] rtts) {
        int received = rtts.length;
        if (received == 0) {
            return new PingResult(-1, -1, -1, -1, 100.0, sent, 0, rtts);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double rtt : rtts) {
            min = Math.min(min, rtt);
            max = Math.max(max, rtt);
            sum += rtt;
        }
        double avg = sum / received;
        double squares = 0;
        for (double rtt : rtts) {
            squares += (rtt - avg) * (rtt - avg);
        }
        double std = received < 2 ? 0 : Math.sqrt(squares / (received - 1)); // sample std, n-1
        double loss = 100.0 * (sent - received) / sent;
        return new PingResult(min, avg, max, std, loss, sent, received, rtts);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PingResult that && sent == that.sent && received == that.received
                && java.util.Arrays.equals(rtts, that.rtts);
    }

    @Override
    public int hashCode() {
        return 31 * sent + java.util.Arrays.hashCode(rtts);
    }

    @Override
    public String toString() {
        return "PingResult[min=%s, avg=%s, max=%s, std=%s, loss=%s, sent=%d, received=%d]"
                .formatted(min, avg, max, std, loss, sent, received);
    }
}
