package connmonitor.output;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers as C's printf prints them: {@code %.3f} for plaintext, {@code %f} (six decimals) for JSON.
 * Rounded from the exact binary value with ties to even, as glibc and Python do, never locale-dependent
 * and never with an exponent.
 */
final class Decimals {

    private Decimals() {
    }

    static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            // C prints nan/inf; a measurement never holds one, but a record must not throw either
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
}
