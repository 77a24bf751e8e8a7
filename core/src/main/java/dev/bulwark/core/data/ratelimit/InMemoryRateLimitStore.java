package dev.bulwark.core.data.ratelimit;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets in this process's memory: the default store, and the fallback when a shared store fails.
 *
 * <p>Failsafe's {@code RateLimiter} is one limiter per instance without a separate burst capacity; Bulwark needs
 * thousands of keyed buckets (principal x tool) with rate and burst set apart, on an injected clock, so this
 * small keyed token bucket exists. Thread-safe: each decision is atomic per bucket. The number of buckets is
 * bounded: when it passes {@code maxBuckets}, buckets that have refilled completely (and so hold no state worth
 * keeping) are dropped.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {

    private static final int DEFAULT_MAX_BUCKETS = 100_000;

    private final Ticker ticker;
    private final int maxBuckets;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public InMemoryRateLimitStore(Ticker ticker) {
        this(ticker, DEFAULT_MAX_BUCKETS);
    }

    public InMemoryRateLimitStore(Ticker ticker, int maxBuckets) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets must be at least 1, was " + maxBuckets);
        }
        this.maxBuckets = maxBuckets;
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit) {
        long now = ticker.nanoTime();
        if (buckets.size() >= maxBuckets) {
            buckets.values().removeIf(bucket -> bucket.isFullAt(now));
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit, now));
        return bucket.tryTake(limit, now);
    }

    /** Buckets currently held. */
    public int bucketCount() {
        return buckets.size();
    }

    private static final class Bucket {
        private double tokens;
        private long lastRefillNanos;
        private RateLimit limit;

        Bucket(RateLimit limit, long now) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.lastRefillNanos = now;
        }

        synchronized RateLimitDecision tryTake(RateLimit newLimit, long now) {
            this.limit = newLimit;
            refill(now);
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return RateLimitDecision.allow((long) Math.floor(tokens));
            }
            long waitNanos = (long) Math.ceil((1.0 - tokens) * limit.nanosPerPermit());
            return RateLimitDecision.reject(Duration.ofNanos(Math.max(waitNanos, 1)));
        }

        synchronized boolean isFullAt(long now) {
            refill(now);
            return tokens >= limit.burst();
        }

        private void refill(long now) {
            long elapsed = now - lastRefillNanos;
            if (elapsed > 0) {
                tokens = Math.min(limit.burst(), tokens + elapsed / limit.nanosPerPermit());
                lastRefillNanos = now;
            }
        }
    }
}
