package connmonitor.web;

import java.util.Arrays;

/**
 * The distribution of the single RTTs in one time bucket, as the seven quantiles the page draws as
 * smoke: the minimum, 10 %, 25 %, the median, 75 %, 90 % and the maximum (three grey shades around
 * the median line, lightest outside, as SmokePing shades the sorted pings of a step).
 *
 * @param rtts the RTTs in ms at {@link #LEVELS}, ascending; empty when no reply came
 */
record Smoke(double[] rtts) {

    /** The quantile levels, shared by the store, the JSON API and the page. */
    static final double[] LEVELS = {0, 0.10, 0.25, 0.50, 0.75, 0.90, 1};
    static final int COUNT = LEVELS.length;
    static final int MEDIAN = 3;
    static final Smoke NONE = new Smoke(new double[0]);

    boolean empty() {
        return rtts.length == 0;
    }

    double median() {
        return rtts[MEDIAN];
    }

    /** The quantiles of samples (which it sorts), interpolated between neighbours as NumPy's default does. */
    static Smoke of(double[] samples, int count) {
        if (count == 0) {
            return NONE;
        }
        Arrays.sort(samples, 0, count);
        double[] q = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
            double position = LEVELS[i] * (count - 1);
            int below = (int) Math.floor(position);
            int above = Math.min(below + 1, count - 1);
            double fraction = position - below;
            q[i] = samples[below] + (samples[above] - samples[below]) * fraction;
        }
        return new Smoke(q);
    }

    /**
     * The quantiles of the mixture of two distributions, each known by its quantiles and weighted by its
     * number of replies: each is read as the piecewise linear distribution through its quantiles, and the
     * mixture's distribution is inverted at every level. Coarse buckets are built from fine ones this way.
     */
    static Smoke merge(Smoke a, long weightA, Smoke b, long weightB) {
        if (a.empty() || weightA <= 0) {
            return b;
        }
        if (b.empty() || weightB <= 0) {
            return a;
        }
        double wa = (double) weightA / (weightA + weightB);
        double[] xs = new double[2 * COUNT];
        System.arraycopy(a.rtts, 0, xs, 0, COUNT);
        System.arraycopy(b.rtts, 0, xs, COUNT, COUNT);
        Arrays.sort(xs);
        double[] cdf = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            cdf[i] = wa * a.cdf(xs[i]) + (1 - wa) * b.cdf(xs[i]);
        }
        double[] q = new double[COUNT];
        q[0] = xs[0];
        q[COUNT - 1] = xs[xs.length - 1];
        for (int level = 1; level < COUNT - 1; level++) {
            q[level] = invert(xs, cdf, LEVELS[level]);
        }
        return new Smoke(q);
    }

    /** The share of this distribution at or below x, linear between the quantiles. */
    double cdf(double x) {
        if (x < rtts[0]) {
            return 0;
        }
        if (x >= rtts[COUNT - 1]) {
            return 1;
        }
        for (int i = 1; i < COUNT; i++) {
            if (x < rtts[i]) {
                double width = rtts[i] - rtts[i - 1];
                double fraction = width <= 0 ? 1 : (x - rtts[i - 1]) / width;
                return LEVELS[i - 1] + fraction * (LEVELS[i] - LEVELS[i - 1]);
            }
        }
        return 1;
    }

    private static double invert(double[] xs, double[] cdf, double level) {
        for (int i = 1; i < xs.length; i++) {
            if (cdf[i] >= level) {
                double rise = cdf[i] - cdf[i - 1];
                double fraction = rise <= 0 ? 0 : (level - cdf[i - 1]) / rise;
                return xs[i - 1] + fraction * (xs[i] - xs[i - 1]);
            }
        }
        return xs[xs.length - 1];
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
