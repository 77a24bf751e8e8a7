package dev.bulwark.core.internal.data.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What the in-memory store adds to the contract (which the test kit runs against it): exact slot arithmetic, the
 * calls it is told about, and a bound on the number of windows.
 */
class InMemoryRateLimitStoreTest {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void dropsWindowsNoCallCountsInOnceTheBoundIsReached() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker, 3);
        RateLimit limit = RateLimit.perMinute(2);
        store.tryAcquire("a", limit);
        store.tryAcquire("b", limit);
        store.tryAcquire("c", limit);
        ticker.advance(Duration.ofMinutes(2)); // no call counts in a, b or c any more: nothing worth keeping

        store.tryAcquire("d", limit);

        assertThat(store.bucketCount()).isLessThanOrEqualTo(3);
    }

    @Test
    void neverHoldsMoreWindowsThanTheBoundWhenOldOnesAreEmpty() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker, 10);
        RateLimit limit = RateLimit.perSecond(1);

        for (int i = 0; i < 1_000; i++) {
            store.tryAcquire("key-" + i, limit);
            ticker.advance(Duration.ofSeconds(1));
        }

        assertThat(store.bucketCount()).isLessThanOrEqualTo(10);
    }

    @Test
    void keepsASpentWindowWhenTheBoundIsReachedSoItsBudgetIsNotReset() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker, 2);
        RateLimit limit = RateLimit.perMinute(1);
        store.tryAcquire("spent", limit);
        store.tryAcquire("other", limit);

        store.tryAcquire("newcomer", limit);

        assertThat(store.tryAcquire("spent", limit).allowed()).isFalse();
    }

    @Test
    void rejectionSaysExactlyWhenTheSlotOfTheOldestCallLeavesTheWindow() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker);
        RateLimit limit = RateLimit.perMinute(1); // slots of 6 s
        ticker.advance(Duration.ofSeconds(7)); // in slot 1 (6 s to 12 s)
        store.tryAcquire("k", limit);
        ticker.advance(Duration.ofSeconds(20));

        RateLimitDecision decision = store.tryAcquire("k", limit);

        assertThat(decision.allowed()).isFalse();
        // slot 1 counts up to slot 11, until 72 s; it is now 27 s
        assertThat(decision.retryAfter()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aCallCountsForAtLeastAWindowAndAtMostAWindowAndASlot() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker);
        RateLimit limit = RateLimit.perMinute(1);
        ticker.advance(Duration.ofSeconds(6)); // the very start of slot 1
        store.tryAcquire("early", limit);
        ticker.advance(Duration.ofMillis(5_999)); // the very end of slot 1
        store.tryAcquire("late", limit);

        ticker.advance(Duration.ofMillis(60_000)); // 60 s after the late call, 66 s after the early one
        assertThat(store.tryAcquire("late", limit).allowed()).isFalse();
        assertThat(store.tryAcquire("early", limit).allowed()).isFalse();
        ticker.advance(Duration.ofMillis(1)); // 72 s: slot 1 leaves the window
        assertThat(store.tryAcquire("late", limit).allowed()).isTrue();
        assertThat(store.tryAcquire("early", limit).allowed()).isTrue();
    }

    @Test
    void aRecordedCallCountsAgainstTheWindowEvenPastItsCapacity() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(ticker);
        RateLimit limit = RateLimit.perMinute(2);
        store.record("k", limit);
        store.record("k", limit);
        store.record("k", limit);

        assertThat(store.tryAcquire("k", limit).allowed()).isFalse();
    }

    @Test
    void refusesABucketBoundBelowOne() {
        assertThatThrownBy(() -> new InMemoryRateLimitStore(ticker, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBuckets");
    }
}
