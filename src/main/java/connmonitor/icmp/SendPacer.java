package connmonitor.icmp;

/**
 * A token bucket for the engine's sends: at most {@link #RATE} packets per second on average, at most
 * {@link #BURST} back to back. Thousands of hosts whose bursts fall due together are smoothed over a
 * few milliseconds instead of overflowing socket buffers and being dropped. Engine thread only.
 */
final class SendPacer {

    /** Packets per second at most. */
    static final long RATE = 250_000;
    static final long BURST = 512;
    private static final long TOKEN_NANOS = 1_000_000_000L / RATE;

    private long tokens = BURST;
    private long updated;

    SendPacer(long nowNanos) {
        updated = nowNanos;
    }

    /** Earns the tokens of the time passed since the last refill, up to a full bucket. */
    void refill(long nowNanos) {
        long earned = (nowNanos - updated) / TOKEN_NANOS;
        if (earned > 0) {
            tokens = Math.min(BURST, tokens + earned);
            updated += earned * TOKEN_NANOS;
            if (tokens == BURST) {
                updated = nowNanos; // a full bucket earns nothing while it waits
            }
        }
    }

    /** Whether a packet may go now. */
    boolean mayPass() {
        return tokens > 0;
    }

    /** A packet went. */
    void passed() {
        tokens--;
    }
}
