package dev.bulwark.core.internal.data.ratelimit;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets in this process's memory: the default store, and the fallback when a shared store fails.
 *
 * <p>Failsafe's {@code RateLimiter} is one limiter per instance without a separate burst capacity; Bulwark needs
 * thousands of keyed buckets (principal x tool) with rate and burst set apart, on an injected clock, so this
 * small keyed token bucket exists. Thread-safe: each decision is atomic per bucket, without a lock. The number of buckets is
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
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(now));
        return bucket.tryTake(limit, now);
    }

    /** Buckets currently held. */
    public int bucketCount() {
        return buckets.size();
    }

    /**
     * One token bucket kept as a single number, the time at which it will be full again (the generic cell rate
     * algorithm): a bucket of {@code burst} tokens refilled one per {@code nanosPerPermit} holds
     * {@code burst - (fullAt - now) / nanosPerPermit} tokens, so taking one token adds {@code nanosPerPermit} to
     * {@code fullAt}, allowed while {@code fullAt - now} stays within {@code (burst - 1) * nanosPerPermit}. One
     * compare-and-set per decision and no lock: every request thread of a busy tool takes from the same bucket.
     */
    private static final class Bucket {
        private final AtomicLong fullAtNanos;

        Bucket(long now) {
            this.fullAtNanos = new AtomicLong(now);
        }

        RateLimitDecision tryTake(RateLimit limit, long now) {
            double permitNanos = limit.nanosPerPermit();
            double tolerance = (limit.burst() - 1) * permitNanos;
            while (true) {
                long fullAt = fullAtNanos.get();
                long debt = Math.max(fullAt - now, 0);
                if (debt > tolerance) {
                    return RateLimitDecision.reject(Duration.ofNanos(Math.max((long) Math.ceil(debt - tolerance), 1)));
                }
                long newDebt = (long) Math.ceil(debt + permitNanos);
                if (fullAtNanos.compareAndSet(fullAt, now + newDebt)) {
                    return RateLimitDecision.allow((long) Math.floor(limit.burst() - newDebt / permitNanos));
                }
            }
        }

        boolean isFullAt(long now) {
            return fullAtNanos.get() - now <= 0;
        }
    }
}
