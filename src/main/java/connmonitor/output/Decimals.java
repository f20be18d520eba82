package connmonitor.output;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers as C's printf prints them: {@code %.3f} for plaintext, {@code %f} (six decimals) for JSON.
 * Rounded from the exact binary value with ties to even, as glibc and Python do, never locale-dependent
 * and never with an exponent.
 */
final class Decimals {

    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};
    /** Below this, value x 10^decimals and its rounding are exact in a double's 53 bits (see fast). */
    private static final double FAST_LIMIT = 0x1p52;

    private Decimals() {
    }

    static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            // C prints nan/inf; a measurement never holds one, but a record must not throw either
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        if (decimals < POWERS.length && Math.abs(value) * POWERS[decimals] < FAST_LIMIT) {
            return fast(value, decimals);
        }
        return slow(value, decimals);
    }

    /** What {@link #fixed} computes, through BigDecimal: the reference (and the way for huge values). */
    static String slow(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * The same digits without BigDecimal (which took a third of the printing thread's time at 10,000
     * records/s): the exact product value x 10^d is p + error, both doubles (Math.fma gives the error),
     * and below 2^52 whether p's fraction minus one half is positive, negative or an exact tie can be
     * told exactly, since the error is less than half of p's last place.
     */
    private static String fast(double value, int decimals) {
        double magnitude = Math.abs(value);
        double scale = POWERS[decimals];
        double product = magnitude * scale;
        double error = Math.fma(magnitude, scale, -product);
        double floor = Math.floor(product);
        double beyondHalf = (product - floor) - 0.5;
        // beyond the half, short of it, or (0) exactly on it: then ties go to the even neighbour
        double sign = beyondHalf != 0 ? Math.signum(beyondHalf) : Math.signum(error);
        long units = (long) floor;
        if (sign > 0 || sign == 0 && (units & 1) == 1) {
            units++;
        }
        StringBuilder text = new StringBuilder(24);
        if (value < 0 && units != 0) {
            text.append('-'); // BigDecimal has no negative zero: -0.0001 prints as 0.000, as before
        }
        long whole = units / POWERS[decimals];
        text.append(whole);
        if (decimals > 0) {
            text.append('.');
            String fraction = Long.toString(units % POWERS[decimals]);
            text.repeat('0', decimals - fraction.length()).append(fraction);
        }
        return text.toString();
    }
}
