package connmonitor.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate limit's bucket on an injected clock: full at first, a token back per interval, never above the burst. */
class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private TokenBucket bucket(Duration interval, int burst) {
        return new TokenBucket(new RateLimit(interval, burst), now::get);
    }

    private int takenOf(TokenBucket bucket, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            taken += bucket.take() ? 1 : 0;
        }
        return taken;
    }

    @Test
    void aFullBucketLetsTheBurstThroughThenOneRequestPerInterval() {
        TokenBucket bucket = bucket(Duration.ofSeconds(1), 3);
        assertThat(takenOf(bucket, 10)).isEqualTo(3);
        now.addAndGet(999_999_999L);
        assertThat(bucket.take()).as("a nanosecond short of a token").isFalse();
        now.addAndGet(1);
        assertThat(bucket.take()).isTrue();
        assertThat(bucket.take()).isFalse();
    }

    @Test
    void fractionsOfAnIntervalAddUpAcrossRefusedRequests() {
        TokenBucket bucket = bucket(Duration.ofMillis(100), 1);
        assertThat(bucket.take()).isTrue();
        int taken = 0;
        for (int step = 0; step < 1000; step++) { // 1 s in steps of 1 ms, a request at each
            now.addAndGet(1_000_000L);
            taken += bucket.take() ? 1 : 0;
        }
        assertThat(taken).isEqualTo(10);
    }

    @Test
    void aLongQuietSpellRefillsOnlyUpToTheBurst() {
        TokenBucket bucket = bucket(Duration.ofSeconds(1), 2);
        assertThat(takenOf(bucket, 2)).isEqualTo(2);
        now.addAndGet(Duration.ofDays(3).toNanos());
        assertThat(takenOf(bucket, 5)).isEqualTo(2);
    }

    @Test
    void aBucketThatWouldTakeCenturiesToFillStillStartsFull() {
        TokenBucket bucket = bucket(Duration.ofDays(365 * 200), 1000);
        assertThat(takenOf(bucket, 1001)).isEqualTo(1000);
        now.addAndGet(Long.MAX_VALUE / 2);
        assertThat(bucket.take()).isFalse();
    }

    @Test
    void aClockThatStepsBackGivesNothingAndTakesNothing() {
        TokenBucket bucket = bucket(Duration.ofSeconds(1), 1);
        assertThat(bucket.take()).isTrue();
        now.addAndGet(-5_000_000_000L);
        assertThat(bucket.take()).isFalse();
        now.addAndGet(1_000_000_000L);
        assertThat(bucket.take()).isTrue();
    }
}
