package dev.bulwark.core.internal.data.ratelimit;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding windows in this process's memory: the default store, and the fallback when a shared store fails.
 * Thread-safe.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {

    private static final int DEFAULT_MAX_BUCKETS = 100_000;

    private final Ticker ticker;
    private final int maxBuckets;
    private final ConcurrentHashMap<String, SlidingWindow> windows = new ConcurrentHashMap<>();

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
        return window(key).tryAcquire(limit, ticker.nanoTime());
    }

    /**
     * Counts one call in the window named {@code key} whatever it holds: a call another store accepted for this
     * instance, so that if this store has to decide alone later it knows what this instance already spent.
     */
    public void record(String key, RateLimit limit) {
        window(key).record(limit, ticker.nanoTime());
    }

    @Override
    public boolean addAccepted(String key, RateLimit limit, List<Duration> acceptedAgo) {
        Objects.requireNonNull(limit, "limit");
        RateLimitStore.requireAcceptedInThePast(acceptedAgo);
        long now = ticker.nanoTime();
        SlidingWindow window = window(key);
        for (Duration ago : acceptedAgo) {
            window.recordAt(limit, now, now - ago.toNanos());
        }
        return true;
    }

    /** Windows currently held. */
    public int bucketCount() {
        return windows.size();
    }

    private SlidingWindow window(String key) {
        SlidingWindow window = windows.get(key);
        if (window != null) {
            return window;
        }
        if (windows.size() >= maxBuckets) {
            long now = ticker.nanoTime();
            windows.values().removeIf(idle -> idle.isEmptyAt(now));
        }
        return windows.computeIfAbsent(key, k -> new SlidingWindow());
    }

    /**
     * One key's window: a ring of {@link RateLimit#WINDOW_SLOTS} + 1 counters, each the calls accepted in one slot
     * (the slot's index is {@code floor(now / slotNanos)}). A decision counts the current slot and the
     * {@code WINDOW_SLOTS} before it, which together cover at least a whole window, so no call accepted within the last
     * window is ever left out.
     */
    static final class SlidingWindow {
        private static final int RING = RateLimit.WINDOW_SLOTS + 1;

        private final long[] slots = new long[RING];
        private final long[] counts = new long[RING];
        private long slotNanos;

        synchronized RateLimitDecision tryAcquire(RateLimit limit, long now) {
            long slot = align(limit, now);
            long used = used(slot);
            long capacity = limit.capacity();
            if (used < capacity) {
                add(slot);
                return RateLimitDecision.allow(capacity - used - 1);
            }
            return RateLimitDecision.reject(Duration.ofNanos(Math.max(1, retryAfter(slot, used, capacity, now))));
        }

        synchronized void record(RateLimit limit, long now) {
            add(align(limit, now));
        }

        /** Counts one call accepted at {@code acceptedAt}, if it still counts at {@code now}. */
        synchronized void recordAt(RateLimit limit, long now, long acceptedAt) {
            long slot = align(limit, now);
            long acceptedIn = Math.floorDiv(acceptedAt, slotNanos);
            if (counted(acceptedIn, slot)) {
                add(acceptedIn);
            }
        }

        synchronized boolean isEmptyAt(long now) {
            if (slotNanos == 0) {
                return true;
            }
            return used(Math.floorDiv(now, slotNanos)) == 0;
        }

        /** The current slot's index; a window first used (or used again) with another slot length starts empty. */
        private long align(RateLimit limit, long now) {
            long width = limit.slotNanos();
            if (width != slotNanos) {
                slotNanos = width;
                Arrays.fill(counts, 0);
            }
            return Math.floorDiv(now, width);
        }

        private long used(long slot) {
            long used = 0;
            for (int i = 0; i < RING; i++) {
                if (counts[i] != 0 && counted(slots[i], slot)) {
                    used += counts[i];
                }
            }
            return used;
        }

        /** Whether calls of slot {@code index} still count in slot {@code current}; later ones count too. */
        private static boolean counted(long index, long current) {
            return index >= current - RateLimit.WINDOW_SLOTS;
        }

        private void add(long slot) {
            int at = (int) Math.floorMod(slot, (long) RING);
            if (slots[at] != slot) {
                slots[at] = slot;
                counts[at] = 0;
            }
            counts[at]++;
        }

        /**
         * Nanoseconds until enough of the oldest slots have left the window for one more call: a slot {@code s}
         * stops counting when slot {@code s + WINDOW_SLOTS + 1} begins.
         */
        private long retryAfter(long slot, long used, long capacity, long now) {
            long left = used;
            for (long index = slot - RateLimit.WINDOW_SLOTS; index <= slot; index++) {
                int at = (int) Math.floorMod(index, (long) RING);
                if (slots[at] == index) {
                    left -= counts[at];
                }
                if (left < capacity) {
                    return (index + RateLimit.WINDOW_SLOTS + 1) * slotNanos - now;
                }
            }
            // Only calls counted in slots still to come (a clock that went back): wait one whole window.
            return (long) RateLimit.WINDOW_SLOTS * slotNanos;
        }
    }
}
