package connmonitor.http;

import java.util.function.LongSupplier;

/**
 * The bucket behind a {@link RateLimit}: full at the start, a token back every interval, never more than
 * the burst. Whole tokens and the nanoseconds toward the next one are kept apart, so no fraction is lost
 * between requests however often they come, and no sum overflows however long the interval.
 */
final class TokenBucket {

    private final long intervalNanos;
    private final int burst;
    private final LongSupplier nanoTime;
    private long tokens;
    private long towardNext; // nanoseconds, always under intervalNanos
    private long lastNanos;

    TokenBucket(RateLimit limit, LongSupplier nanoTime) {
        this.intervalNanos = limit.interval().toNanos();
        this.burst = limit.burst();
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.lastNanos = nanoTime.getAsLong();
    }

    /** Takes a token if there is one; false: the request is over the limit. */
    synchronized boolean take() {
        refill();
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = Math.max(0, now - lastNanos);
        lastNanos = now;
        long gained = elapsed / intervalNanos;
        long rest = elapsed % intervalNanos;
        if (towardNext >= intervalNanos - rest) {
            gained++;
            towardNext -= intervalNanos - rest;
        } else {
            towardNext += rest;
        }
        if (gained >= burst - tokens) {
            tokens = burst;
            towardNext = 0; // a full bucket gains nothing toward a token it could not hold
        } else {
            tokens += gained;
        }
    }
}
