package connmonitor.http;

import java.time.Duration;

/**
 * A web config's {@code rate_limit}, read as the exporter toolkit reads it: every request to the server
 * (any path, any user, before authentication) takes a token from one bucket that holds {@code burst}
 * tokens and gains one every {@code interval}; a request that finds it empty is answered 429.
 *
 * @param interval the time one token takes to come back, more than zero
 * @param burst    the bucket's size, and how many requests may come at once after a quiet spell; at least 1
 */
public record RateLimit(Duration interval, int burst) {

    public RateLimit {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("rate_limit.interval must be more than zero");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("rate_limit.burst must be at least 1");
        }
    }
}
