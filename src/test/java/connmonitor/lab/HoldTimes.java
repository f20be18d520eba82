package connmonitor.lab;

import java.time.Duration;
import java.util.Arrays;

/**
 * How late the emulator sent packets compared to their deadline (read time + drawn hold time),
 * over the last packets of one direction (at most {@link #WINDOW}). Error = send time - deadline, >= 0.
 *
 * @param count  packets measured
 * @param mean   mean lateness
 * @param median median lateness
 * @param p99    99th percentile lateness
 * @param max    largest lateness
 */
public record HoldTimes(int count, Duration mean, Duration median, Duration p99, Duration max) {

    /** How many recent packets are kept per direction. */
    public static final int WINDOW = 1 << 16;

    static HoldTimes of(long[] lateNanos) {
        if (lateNanos.length == 0) {
            return new HoldTimes(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        long[] sorted = lateNanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return new HoldTimes(n, Duration.ofNanos(Arrays.stream(sorted).sum() / n), Duration.ofNanos(sorted[(n - 1) / 2]),
                Duration.ofNanos(sorted[(int) Math.ceil(0.99 * n) - 1]), Duration.ofNanos(sorted[n - 1]));
    }

    @Override
    public String toString() {
        return "%d packets, late by median %.1f us, mean %.1f us, p99 %.1f us, max %.1f us".formatted(
                count, median.toNanos() / 1e3, mean.toNanos() / 1e3, p99.toNanos() / 1e3, max.toNanos() / 1e3);
    }
}
