package connmonitor.probe;

import java.util.Arrays;

/**
 * The distribution of single RTTs as seven quantiles — the minimum, 10 %, 25 %, the median, 75 %, 90 % and
 * the maximum — as the live view keeps per time bucket, the {@code quantiles=1} records carry per burst and
 * the report draws as smoke (three shades around the median, as SmokePing shades the sorted pings of a step).
 */
public final class RttQuantiles {

    /** The quantile levels, in the order of every quantile array. */
    public static final double[] LEVELS = {0, 0.10, 0.25, 0.50, 0.75, 0.90, 1};
    public static final int COUNT = LEVELS.length;
    public static final int MEDIAN = 3;

    private RttQuantiles() {
    }

    /** The quantiles of the first count samples (which it sorts), between neighbours as NumPy's default; empty when none. */
    public static double[] of(double[] samples, int count) {
        if (count == 0) {
            return new double[0];
        }
        Arrays.sort(samples, 0, count);
        double[] q = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
            double position = LEVELS[i] * (count - 1);
            int below = (int) Math.floor(position);
            int above = Math.min(below + 1, count - 1);
            q[i] = samples[below] + (samples[above] - samples[below]) * (position - below);
        }
        return q;
    }

    /**
     * The quantiles of the mixture of two distributions, each known by its quantiles and weighted by its number
     * of replies: each is read as the piecewise linear distribution through its quantiles, and the mixture's
     * distribution is inverted at every level. Coarse buckets are made of fine ones (or of bursts) this way.
     */
    public static double[] merge(double[] a, long weightA, double[] b, long weightB) {
        if (a.length == 0 || weightA <= 0) {
            return b;
        }
        if (b.length == 0 || weightB <= 0) {
            return a;
        }
        double wa = (double) weightA / (weightA + weightB);
        double[] xs = new double[2 * COUNT];
        System.arraycopy(a, 0, xs, 0, COUNT);
        System.arraycopy(b, 0, xs, COUNT, COUNT);
        Arrays.sort(xs);
        double[] cdf = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            cdf[i] = wa * cdf(a, xs[i]) + (1 - wa) * cdf(b, xs[i]);
        }
        double[] q = new double[COUNT];
        q[0] = xs[0];
        q[COUNT - 1] = xs[xs.length - 1];
        for (int level = 1; level < COUNT - 1; level++) {
            q[level] = invert(xs, cdf, LEVELS[level]);
        }
        return q;
    }

    /** The RTT at share p (0..1) of a distribution known by its quantiles, linear between them. */
    public static double at(double[] quantiles, double p) {
        for (int i = 1; i < COUNT; i++) {
            if (p <= LEVELS[i]) {
                double fraction = (p - LEVELS[i - 1]) / (LEVELS[i] - LEVELS[i - 1]);
                return quantiles[i - 1] + fraction * (quantiles[i] - quantiles[i - 1]);
            }
        }
        return quantiles[COUNT - 1];
    }

    /** The share of a distribution (known by its quantiles) at or below x, linear between the quantiles. */
    static double cdf(double[] q, double x) {
        if (x < q[0]) {
            return 0;
        }
        if (x >= q[COUNT - 1]) {
            return 1;
        }
        for (int i = 1; i < COUNT; i++) {
            if (x < q[i]) {
                double width = q[i] - q[i - 1];
                double fraction = width <= 0 ? 1 : (x - q[i - 1]) / width;
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
}
