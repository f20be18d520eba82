package connmonitor.lab;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * How late this thread wakes from a timed ppoll. On a virtual machine that is tens of microseconds,
 * nearly constant; the emulator sleeps that much less so packets leave on time, not that much late.
 * The estimate tracks the median of the observed latencies (of sleeps long enough to halt the CPU):
 * half the wake-ups come a little early and wait out the rest on the CPU, see {@link EmulatorLoop}.
 */
final class WakeLatency {

    /** Shorter sleeps wake sooner (the CPU has not halted yet) and would teach the wrong latency. */
    static final long MIN_SAMPLE_SLEEP_NANOS = 200_000;
    private static final double QUANTILE = 0.5;
    private static final long STEP_NANOS = 1_000;
    /** Never wake earlier than this: it bounds the time spent waiting on the CPU per deadline. */
    static final long MAX_NANOS = 100_000;
    private static final int CALIBRATION_SLEEPS = 25;
    private static final long CALIBRATION_SLEEP_NANOS = 300_000;

    private long estimate;

    long estimate() {
        return estimate;
    }

    /** Measures a few short sleeps to start from a sensible estimate (takes ~10 ms). */
    void calibrate() throws IOException {
        long[] samples = new long[CALIBRATION_SLEEPS];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(LinuxCalls.TIMESPEC);
            MemorySegment none = arena.allocate(LinuxCalls.POLLFD);
            none.set(JAVA_INT, 0, -1); // fd -1: ignored, a pure sleep
            for (int i = 0; i < samples.length; i++) {
                long start = System.nanoTime();
                timespec.set(JAVA_LONG, 0, 0);
                timespec.set(JAVA_LONG, 8, CALIBRATION_SLEEP_NANOS);
                LinuxCalls.ppoll(none, 1, timespec);
                samples[i] = System.nanoTime() - start - CALIBRATION_SLEEP_NANOS;
            }
        }
        Arrays.sort(samples);
        estimate = clamp(samples[(int) (QUANTILE * samples.length)]);
    }

    /** Learns from one timed wake-up that came {@code lateNanos} after the time asked for. */
    void record(long lateNanos) {
        estimate = clamp(lateNanos < estimate
                ? estimate - (long) (STEP_NANOS * (1 - QUANTILE))
                : estimate + (long) (STEP_NANOS * QUANTILE));
    }

    private static long clamp(long nanos) {
        return Math.max(0, Math.min(MAX_NANOS, nanos));
    }
}
