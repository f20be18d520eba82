package connmonitor.lab;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One direction of an emulated link: its impairment (changeable at any time from any thread;
 * packets already held keep the hold time they were given) and what it did so far.
 */
public final class Direction {

    private static final int RECEIVED = 0;
    private static final int DELIVERED = 1;
    private static final int DROPPED = 2;
    private static final int CUT_OFF = 3;
    private static final int DUPLICATED = 4;
    private static final int CORRUPTED = 5;
    private static final int REORDERED = 6;

    private final String from;
    private final String to;
    private volatile Impairment impairment;
    private final AtomicLongArray counters = new AtomicLongArray(7);
    private final long[] late = new long[HoldTimes.WINDOW];
    private long lateCount;

    Direction(String from, String to, Impairment impairment) {
        this.from = from;
        this.to = to;
        this.impairment = impairment;
    }

    /** The node whose packets this direction carries. */
    public String from() {
        return from;
    }

    /** The node this direction delivers to. */
    public String to() {
        return to;
    }

    public Impairment impairment() {
        return impairment;
    }

    /** Applies to every packet read from now on. */
    public void set(Impairment value) {
        if (value == null) {
            throw new IllegalArgumentException("impairment must not be null");
        }
        impairment = value;
    }

    public Counters counters() {
        return new Counters(counters.get(RECEIVED), counters.get(DELIVERED), counters.get(DROPPED),
                counters.get(CUT_OFF), counters.get(DUPLICATED), counters.get(CORRUPTED), counters.get(REORDERED));
    }

    /** Lateness of the last packets sent, see {@link HoldTimes}. */
    public synchronized HoldTimes holdTimes() {
        int n = (int) Math.min(lateCount, late.length);
        long[] window = new long[n];
        System.arraycopy(late, 0, window, 0, n);
        return HoldTimes.of(window);
    }

    /** Zeroes the counters and forgets the measured hold times (e.g. after a warm-up). */
    public synchronized void reset() {
        for (int i = 0; i < counters.length(); i++) {
            counters.set(i, 0);
        }
        lateCount = 0;
    }

    @Override
    public String toString() {
        return from + "->" + to + " " + impairment;
    }

    void countReceived() {
        counters.incrementAndGet(RECEIVED);
    }

    void countDropped() {
        counters.incrementAndGet(DROPPED);
    }

    void countCutOff() {
        counters.incrementAndGet(CUT_OFF);
    }

    void countDuplicated() {
        counters.incrementAndGet(DUPLICATED);
    }

    void countCorrupted() {
        counters.incrementAndGet(CORRUPTED);
    }

    void countReordered() {
        counters.incrementAndGet(REORDERED);
    }

    synchronized void countDelivered(long lateNanos) {
        counters.incrementAndGet(DELIVERED);
        late[(int) (lateCount++ % late.length)] = lateNanos;
    }
}
