package dev.bulwark.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RateLimitStore} must have: a token bucket that is atomic under concurrency. Extend
 * it once per implementation; override {@link #advanceTime(Duration)} if your store runs on a test clock.
 */
public abstract class RateLimitStoreContract {

    protected RateLimitStore store;

    protected abstract RateLimitStore createStore();

    /** Lets time pass for the store. The default really sleeps; stores on a manual clock advance it. */
    protected void advanceTime(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    private static String key() {
        return "contract:" + UUID.randomUUID();
    }

    @Test
    void allowsUpToBurst() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(3);
        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
    }

    @Test
    void rejectsPastBurstWithRetryAfter() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(2);
        store.tryAcquire(key, limit);
        store.tryAcquire(key, limit);
        RateLimitDecision third = store.tryAcquire(key, limit);
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void reportsRemainingTokens() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(5);
        assertThat(store.tryAcquire(key, limit).remaining()).isEqualTo(4);
        assertThat(store.tryAcquire(key, limit).remaining()).isEqualTo(3);
    }

    @Test
    void refillsOverTime() throws InterruptedException {
        String key = key();
        RateLimit limit = new RateLimit(10, Duration.ofSeconds(1), 1);
        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
        assertThat(store.tryAcquire(key, limit).allowed()).isFalse();
        advanceTime(Duration.ofMillis(250));
        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
    }

    @Test
    void bucketsAreIndependentPerKey() {
        RateLimit limit = RateLimit.perMinute(1);
        String first = key();
        String second = key();
        assertThat(store.tryAcquire(first, limit).allowed()).isTrue();
        assertThat(store.tryAcquire(first, limit).allowed()).isFalse();
        assertThat(store.tryAcquire(second, limit).allowed()).isTrue();
    }

    @Test
    void neverAllowsMoreThanBurstUnderConcurrency() throws Exception {
        String key = key();
        RateLimit limit = RateLimit.perMinute(50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(() -> store.tryAcquire(key, limit).allowed());
            }
            long allowed = 0;
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                if (result.get()) {
                    allowed++;
                }
            }
            // 200 calls arrive well within one token's refill time (1.2 s), so exactly the burst may pass.
            assertThat(allowed).isBetween(50L, 51L);
        } finally {
            pool.shutdownNow();
        }
    }
}
