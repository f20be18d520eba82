package connmonitor.web;

import connmonitor.probe.RttQuantiles;
import java.util.Arrays;

/**
 * The distribution of the single RTTs in one time bucket, as the seven quantiles the page draws as
 * smoke: the minimum, 10 %, 25 %, the median, 75 %, 90 % and the maximum (three grey shades around
 * the median line, lightest outside, as SmokePing shades the sorted pings of a step).
 *
 * @param rtts the RTTs in ms at {@link #LEVELS}, ascending; empty when no reply came
 */
record Smoke(double[] rtts) {

    /** The quantile levels, shared by the store, the JSON API, the records and the page. */
    static final double[] LEVELS = RttQuantiles.LEVELS;
    static final int COUNT = RttQuantiles.COUNT;
    static final int MEDIAN = RttQuantiles.MEDIAN;
    static final Smoke NONE = new Smoke(new double[0]);

    boolean empty() {
        return rtts.length == 0;
    }

    double median() {
        return rtts[MEDIAN];
    }

    /** The quantiles of samples (which it sorts). */
    static Smoke of(double[] samples, int count) {
        return count == 0 ? NONE : new Smoke(RttQuantiles.of(samples, count));
    }

    /** The mixture of two, each weighted by its replies (see {@link RttQuantiles#merge}). */
    static Smoke merge(Smoke a, long weightA, Smoke b, long weightB) {
        double[] merged = RttQuantiles.merge(a.rtts, weightA, b.rtts, weightB);
        return merged == a.rtts ? a : merged == b.rtts ? b : new Smoke(merged);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Smoke that && Arrays.equals(rtts, that.rtts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rtts);
    }

    @Override
    public String toString() {
        return "Smoke" + Arrays.toString(rtts);
    }
}
