package connmonitor.report;

import java.util.Arrays;

/**
 * Counts of round-trip times in logarithmic bins, kept sparse (only bins that were hit), so that a
 * median or a p99 needs neither the values themselves nor memory that grows with their number, and two
 * histograms merge exactly (for coarser time buckets). A bin is {@code relativeWidth} wide, so a
 * quantile read back is within half of that of the true value.
 */
final class RttHistogram {

    /** Anything at or below one microsecond falls into bin 0; loopback RTTs are far above this. */
    private static final double FLOOR_MS = 1e-3;
    private static final int MAX_BIN = Short.MAX_VALUE;

    private final double logStep;
    private final double step;
    private short[] bins = new short[4];
    private int[] counts = new int[4];
    private int size;
    private long total;

    RttHistogram(double relativeWidth) {
        this.step = 1 + relativeWidth;
        this.logStep = Math.log(step);
    }

    void add(double rttMillis) {
        add(binOf(rttMillis), 1);
    }

    long total() {
        return total;
    }

    /** Adds every count of {@code other}, which must have the same bin width. */
    void addAll(RttHistogram other) {
        if (other.step != step) {
            throw new IllegalArgumentException("histograms of different bin widths");
        }
        short[] mergedBins = new short[size + other.size];
        int[] mergedCounts = new int[size + other.size];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < size || j < other.size) {
            if (j >= other.size || (i < size && bins[i] < other.bins[j])) {
                mergedBins[n] = bins[i];
                mergedCounts[n++] = counts[i++];
            } else if (i >= size || other.bins[j] < bins[i]) {
                mergedBins[n] = other.bins[j];
                mergedCounts[n++] = other.counts[j++];
            } else {
                mergedBins[n] = bins[i];
                mergedCounts[n++] = counts[i++] + other.counts[j++];
            }
        }
        bins = mergedBins;
        counts = mergedCounts;
        size = n;
        total += other.total;
    }

    /**
     * The nearest-rank quantile: the smallest value with at least {@code q} of all values at or below it,
     * as the geometric middle of its bin; NaN when empty.
     */
    double quantile(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < size; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return FLOOR_MS * Math.pow(step, bins[i] + 0.5);
            }
        }
        return FLOOR_MS * Math.pow(step, bins[size - 1] + 0.5);
    }

    private int binOf(double rttMillis) {
        if (!(rttMillis > FLOOR_MS)) {
            return 0;
        }
        return (int) Math.min(MAX_BIN, Math.floor(Math.log(rttMillis / FLOOR_MS) / logStep));
    }

    private void add(int bin, int count) {
        int at = Arrays.binarySearch(bins, 0, size, (short) bin);
        if (at < 0) {
            at = -at - 1;
            if (size == bins.length) {
                bins = Arrays.copyOf(bins, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            System.arraycopy(bins, at, bins, at + 1, size - at);
            System.arraycopy(counts, at, counts, at + 1, size - at);
            bins[at] = (short) bin;
            counts[at] = 0;
            size++;
        }
        counts[at] += count;
        total += count;
    }
}
