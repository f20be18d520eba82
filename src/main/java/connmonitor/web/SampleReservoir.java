package connmonitor.web;

import java.util.Arrays;

/**
 * The single RTTs of the minute being filled. Up to {@link #CAPACITY} are kept as they come; beyond that
 * a uniform sample of them (reservoir sampling), so a host pinged many times a second costs no more
 * memory and its quantiles are still fair. The array grows only as far as a host needs.
 */
final class SampleReservoir {

    static final int CAPACITY = 64;

    private float[] samples = new float[0];
    private int kept;
    private long seen;
    private long random;

    SampleReservoir(long seed) {
        random = seed | 1;
    }

    void add(double rtt) {
        seen++;
        if (kept < CAPACITY) {
            if (kept == samples.length) {
                samples = Arrays.copyOf(samples, Math.min(CAPACITY, Math.max(16, kept * 2)));
            }
            samples[kept++] = (float) rtt;
            return;
        }
        long pick = Math.floorMod(nextRandom(), seen);
        if (pick < CAPACITY) {
            samples[(int) pick] = (float) rtt;
        }
    }

    /** The smoke of what is kept so far; the reservoir itself is left as it is. */
    Smoke smoke() {
        double[] copy = new double[kept];
        for (int i = 0; i < kept; i++) {
            copy[i] = samples[i];
        }
        return Smoke.of(copy, kept);
    }

    /** Empties it for the next minute, keeping its array unless it is the full size (then shrinks to start small). */
    void clear() {
        if (samples.length == CAPACITY && seen < CAPACITY / 2) {
            samples = new float[0];
        }
        kept = 0;
        seen = 0;
    }

    private long nextRandom() { // xorshift64: cheap, and a host's sampling needs no cryptographic quality
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return random;
    }
}
