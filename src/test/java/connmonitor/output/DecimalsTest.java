package connmonitor.output;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path of {@link Decimals#fixed} prints exactly what BigDecimal's exact rounding prints. */
class DecimalsTest {

    private static void same(double value, int decimals) {
        assertThat(Decimals.fixed(value, decimals)).as("%s to %d decimals", value, decimals)
                .isEqualTo(Decimals.slow(value, decimals));
    }

    @Test
    void printfExamples() {
        assertThat(Decimals.fixed(0.0445, 3)).isEqualTo("0.044"); // the double is just below ...445
        assertThat(Decimals.fixed(0.5, 0)).isEqualTo("0");
        assertThat(Decimals.fixed(1.5, 0)).isEqualTo("2");
        assertThat(Decimals.fixed(2.5, 0)).isEqualTo("2");
        assertThat(Decimals.fixed(0.125, 2)).isEqualTo("0.12");
        assertThat(Decimals.fixed(0.375, 2)).isEqualTo("0.38");
        assertThat(Decimals.fixed(100.0, 6)).isEqualTo("100.000000");
        assertThat(Decimals.fixed(-0.0001, 3)).isEqualTo("0.000");
        assertThat(Decimals.fixed(-1.25, 1)).isEqualTo("-1.2");
        assertThat(Decimals.fixed(Double.NaN, 3)).isEqualTo("nan");
    }

    @Test
    void tiesAndNearTiesRoundLikeTheExactValue() {
        for (int decimals = 0; decimals <= 6; decimals++) {
            double scale = Math.pow(10, decimals);
            for (long units = 0; units < 20_000; units++) {
                double tie = (units + 0.5) / scale;
                same(tie, decimals);
                same(Math.nextUp(tie), decimals);
                same(Math.nextDown(tie), decimals);
                same(-tie, decimals);
                same(units / scale, decimals);
            }
        }
    }

    @Test
    void randomValuesOfEveryMagnitude() {
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 200_000; i++) {
            double value = random.nextDouble() * Math.pow(10, random.nextInt(-8, 11));
            same(random.nextBoolean() ? value : -value, random.nextBoolean() ? 3 : 6);
        }
        same(4.5e9, 6); // past the fast path's limit
        same(Math.nextDown(0x1p52 / 1e6), 6);
        same(0.0, 6);
        same(-0.0, 3);
        same(Double.MIN_VALUE, 6);
    }
}
