package connmonitor.schedule;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How late measurements start on the timer: a loop asks for its next run one period after the last
 * one finished, and the timer thread, when it cannot keep up, runs it later. Counts every start later
 * than {@link #LATE_NANOS}, and per window (between two {@link #takeWindow} calls) the worst delay and
 * how many loops were late.
 */
public final class Lateness {

    /** A start this much later than asked is late: beyond a GC pause or a busy millisecond. */
    public static final long LATE_NANOS = 100_000_000;

    /** What one window saw. */
    public record Window(long worstNanos, long lateLoops) {
    }

    private final LongAdder lateStarts = new LongAdder();
    private final AtomicLong worst = new AtomicLong();
    private final LongAdder lateLoops = new LongAdder();
    private volatile int window;

    /** Starts later than {@link #LATE_NANOS} so far. */
    public long lateStarts() {
        return lateStarts.sum();
    }

    /** The worst delay and the late loops since the previous call; starts a new window. */
    public synchronized Window takeWindow() {
        window++;
        return new Window(worst.getAndSet(0), lateLoops.sumThenReset());
    }

    /** The current window's number, so that a loop counts once per window. */
    int window() {
        return window;
    }

    /**
     * A loop started {@code lateNanos} after it asked to.
     *
     * @param firstInWindow whether this loop was not yet counted late in this window
     */
    void started(long lateNanos, boolean firstInWindow) {
        if (lateNanos <= LATE_NANOS) {
            return;
        }
        lateStarts.increment();
        worst.accumulateAndGet(lateNanos, Math::max);
        if (firstInWindow) {
            lateLoops.increment();
        }
    }
}
