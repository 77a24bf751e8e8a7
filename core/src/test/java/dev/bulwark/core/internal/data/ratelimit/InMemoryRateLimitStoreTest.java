package dev.bulwark.core.internal.data.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.internal.testing.ManualTicker;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the in-memory store adds to the contract: exact refill arithmetic and a bound on the number of buckets. */
class InMemoryRateLimitStoreTest {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void dropsFullyRefilledBucketsOnceTheBoundIsReached() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker, 3);
        RateLimit limit = RateLimit.perMinute(2);
        store.tryAcquire("a", limit);
        store.tryAcquire("b", limit);
        store.tryAcquire("c", limit);
        ticker.advance(Duration.ofMinutes(1)); // a, b and c are full again: nothing worth keeping

        store.tryAcquire("d", limit);

        assertThat(store.bucketCount()).isLessThanOrEqualTo(3);
    }

    @Test
    void neverHoldsMoreBucketsThanTheBoundWhenOldOnesHaveRefilled() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker, 10);
        RateLimit limit = RateLimit.perSecond(1);

        for (int i = 0; i < 1_000; i++) {
            store.tryAcquire("key-" + i, limit);
            ticker.advance(Duration.ofSeconds(1));
        }

        assertThat(store.bucketCount()).isLessThanOrEqualTo(10);
    }

    @Test
    void keepsASpentBucketWhenTheBoundIsReachedSoItsBudgetIsNotReset() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker, 2);
        RateLimit limit = RateLimit.perMinute(1);
        store.tryAcquire("spent", limit);
        store.tryAcquire("other", limit);

        store.tryAcquire("newcomer", limit);

        assertThat(store.tryAcquire("spent", limit).allowed()).isFalse();
    }

    @Test
    void rejectionSaysExactlyWhenTheNextTokenArrives() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker);
        RateLimit limit = RateLimit.perMinute(60).withBurst(1);
        store.tryAcquire("k", limit);
        ticker.advance(Duration.ofMillis(400));

        RateLimitDecision decision = store.tryAcquire("k", limit);

        assertThat(decision.allowed()).isFalse();
        // one token takes 1 s; 0.4 of it has refilled (a nanosecond of rounding is allowed)
        assertThat(decision.retryAfter()).isBetween(Duration.ofMillis(600), Duration.ofMillis(600).plusNanos(1));
    }

    @Test
    void refillNeverExceedsTheBurst() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker);
        RateLimit limit = RateLimit.perSecond(10).withBurst(2);
        store.tryAcquire("k", limit);
        ticker.advance(Duration.ofHours(1));

        assertThat(store.tryAcquire("k", limit).allowed()).isTrue();
        assertThat(store.tryAcquire("k", limit).allowed()).isTrue();
        assertThat(store.tryAcquire("k", limit).allowed()).isFalse();
    }

    @Test
    void refusesABucketBoundBelowOne() {
        assertThatThrownBy(() -> new InMemoryRateLimitStore(ticker, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBuckets");
    }
}
