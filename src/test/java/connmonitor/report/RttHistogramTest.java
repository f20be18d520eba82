package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Quantiles from log bins: within half a bin of the exact nearest-rank value, and merging is exact. */
class RttHistogramTest {

    private static double exact(double[] sorted, double q) {
        return sorted[(int) Math.max(1, Math.ceil(q * sorted.length)) - 1];
    }

    @Test
    void quantilesAreWithinHalfABinOfTheExactValue() {
        SplittableRandom random = new SplittableRandom(3);
        double[] values = new double[50_000];
        RttHistogram histogram = new RttHistogram(0.005);
        for (int i = 0; i < values.length; i++) {
            // loopback to intercontinental, with a long tail
            values[i] = Math.exp(random.nextDouble(Math.log(0.01), Math.log(800)));
            histogram.add(values[i]);
        }
        Arrays.sort(values);
        for (double q : new double[] {0.01, 0.5, 0.95, 0.99, 1.0}) {
            double want = exact(values, q);
            assertThat(histogram.quantile(q)).as("q=" + q).isCloseTo(want, within(want * 0.0026));
        }
        assertThat(histogram.total()).isEqualTo(values.length);
    }

    @Test
    void mergedHistogramsEqualOneFedEverything() {
        RttHistogram left = new RttHistogram(0.02);
        RttHistogram right = new RttHistogram(0.02);
        RttHistogram both = new RttHistogram(0.02);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 5000; i++) {
            double v = 5 + random.nextDouble() * 50;
            (i % 3 == 0 ? left : right).add(v);
            both.add(v);
        }
        left.addAll(right);
        for (double q = 0.05; q <= 1; q += 0.05) {
            assertThat(left.quantile(q)).isEqualTo(both.quantile(q));
        }
    }

    @Test
    void emptyIsNaNAndZeroIsTheLowestBin() {
        RttHistogram histogram = new RttHistogram(0.02);
        assertThat(histogram.quantile(0.5)).isNaN();
        histogram.add(0.0);
        histogram.add(1e9);
        assertThat(histogram.quantile(0.5)).isLessThan(0.0011);
        assertThat(histogram.quantile(1.0)).isGreaterThan(1e6);
    }
}
