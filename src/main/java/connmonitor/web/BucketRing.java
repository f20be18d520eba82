package connmonitor.web;

/**
 * One resolution of a host's ping history: a ring of equal time buckets, each holding its smoke
 * (quantiles of the single RTTs), requests sent and the share lost. Fourteen bytes a bucket: the median
 * as a 16-bit logarithmic code (1 µs to 100 s in steps of 0.03 %), the six other quantiles as one byte
 * each, their ratio to the median in steps of 3.7 % (ratios up to 10,000), the requests sent (32 bits)
 * and the loss in 65,535ths (16 bits; replies = sent less loss, rounded).
 * <p>
 * The newest bucket is still filling: {@link #add} merges into it and writes it through, so readers see
 * it at once. Writing a newer bucket clears every slot between, so a gap stays a gap.
 */
final class BucketRing {

    private static final double MIN_RTT = 0.001;
    private static final double MEDIAN_STEP = Math.log(1e8) / 65_535;
    private static final double RATIO_STEP = Math.log(1e4) / 255;
    private static final int SPREAD = Smoke.COUNT - 1;

    final int size;
    final long bucketMillis;
    private final char[] median;
    private final byte[] spread;
    private final int[] sent;
    /** Loss as a fraction of 65,535: a 16-bit count would overflow at 18 requests a second in an hour. */
    private final char[] loss;
    /** Number (time / bucketMillis) of the newest bucket written, or -1 before the first. */
    private long newest = -1;
    /** The newest bucket unquantised, so that merging into it does not add rounding each time. */
    private Smoke open = Smoke.NONE;

    BucketRing(int size, long bucketMillis) {
        this.size = size;
        this.bucketMillis = bucketMillis;
        median = new char[size];
        spread = new byte[size * SPREAD];
        sent = new int[size];
        loss = new char[size];
    }

    long bucketOf(long epochMillis) {
        return Math.floorDiv(epochMillis, bucketMillis);
    }

    long newest() {
        return newest;
    }

    /** Adds what a finer bucket (or a burst) saw to the bucket holding epochMillis; older than the ring: dropped. */
    void add(long epochMillis, Smoke smoke, int sentCount, int receivedCount) {
        long bucket = bucketOf(epochMillis);
        if (bucket > newest) {
            for (long b = Math.max(newest + 1, bucket - size + 1); b <= bucket; b++) {
                clear(slot(b));
            }
            newest = bucket;
            open = Smoke.NONE;
        } else if (bucket <= newest - size) {
            return;
        }
        int slot = slot(bucket);
        Smoke merged;
        int receivedBefore = received(slot);
        if (bucket == newest) {
            merged = Smoke.merge(open, receivedBefore, smoke, receivedCount);
            open = merged;
        } else { // a late arrival for an older bucket: merge with the stored (rounded) quantiles
            merged = Smoke.merge(smokeAt(slot), receivedBefore, smoke, receivedCount);
        }
        long sentNow = Math.min(Integer.MAX_VALUE, (long) sent[slot] + sentCount);
        long receivedNow = Math.min(sentNow, (long) receivedBefore + receivedCount);
        sent[slot] = (int) sentNow;
        loss[slot] = sentNow == 0 ? 0 : (char) Math.round(65_535.0 * (sentNow - receivedNow) / sentNow);
        store(slot, merged);
    }

    /** Visits the buckets from fromMillis on, oldest first, skipping the empty ones. */
    void forEach(long fromMillis, Visitor visitor) {
        if (newest < 0) {
            return;
        }
        long first = Math.max(bucketOf(fromMillis), newest - size + 1);
        for (long b = first; b <= newest; b++) {
            int slot = slot(b);
            if (sent[slot] > 0) {
                visitor.bucket(b * bucketMillis, smokeAt(slot), sent[slot], received(slot));
            }
        }
    }

    /** The medians of every bucket with replies, unsorted; for the host's usual RTT. */
    double[] medians() {
        double[] all = new double[size];
        int count = 0;
        for (int slot = 0; slot < size; slot++) {
            if (received(slot) > 0 && newest >= 0) {
                all[count++] = decodeMedian(median[slot]);
            }
        }
        return java.util.Arrays.copyOf(all, count);
    }

    interface Visitor {
        void bucket(long startMillis, Smoke smoke, int sent, int received);
    }

    private int received(int slot) {
        return (int) Math.round(sent[slot] * (65_535 - loss[slot]) / 65_535.0);
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) size);
    }

    private void clear(int slot) {
        sent[slot] = 0;
        loss[slot] = 0;
        median[slot] = 0;
        java.util.Arrays.fill(spread, slot * SPREAD, slot * SPREAD + SPREAD, (byte) 0);
    }

    private void store(int slot, Smoke smoke) {
        if (smoke.empty()) {
            return;
        }
        double m = Math.max(MIN_RTT, smoke.median());
        median[slot] = (char) Math.clamp(Math.round(Math.log(m / MIN_RTT) / MEDIAN_STEP), 0, 65_535);
        double coded = decodeMedian(median[slot]);
        int at = slot * SPREAD;
        for (int i = 0; i < Smoke.COUNT; i++) {
            if (i == Smoke.MEDIAN) {
                continue;
            }
            double q = Math.max(MIN_RTT, smoke.rtts()[i]);
            double ratio = i < Smoke.MEDIAN ? coded / q : q / coded;
            spread[at++] = (byte) Math.clamp(Math.round(Math.log(Math.max(1, ratio)) / RATIO_STEP), 0, 255);
        }
    }

    private Smoke smokeAt(int slot) {
        if (received(slot) == 0) {
            return Smoke.NONE;
        }
        double m = decodeMedian(median[slot]);
        double[] q = new double[Smoke.COUNT];
        int at = slot * SPREAD;
        for (int i = 0; i < Smoke.COUNT; i++) {
            if (i == Smoke.MEDIAN) {
                q[i] = m;
                continue;
            }
            double ratio = Math.exp((spread[at++] & 0xff) * RATIO_STEP);
            q[i] = i < Smoke.MEDIAN ? m / ratio : m * ratio;
        }
        return new Smoke(q);
    }

    private static double decodeMedian(char code) {
        return MIN_RTT * Math.exp(code * MEDIAN_STEP);
    }

}
