package dev.bulwark.core.internal.business.caching;

import dev.bulwark.core.internal.data.cache.CacheGateway;
import dev.bulwark.ports.logging.FailureText;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Get-or-compute over the cache, with single flight: overlapping calls on one key compute once. Thread-safe.
 */
public final class ResultCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResultCache.class);

    private final CacheGateway gateway;
    private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
    /** Computations running when their key was invalidated: their values predate the write, and are not stored. */
    private final Set<CompletableFuture<Object>> invalidated = ConcurrentHashMap.newKeySet();

    public ResultCache(CacheGateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * The cached value under {@code key}, or the value {@code compute}'s outcome completes with (stored for
     * {@code ttl} if the codec deems it cacheable). The lookup, and {@code compute} on a miss, run on this thread.
     * Each call is counted once: a hit or a miss of its own lookup (an error when the store failed), or a hit when a
     * concurrent call on the same key answered it. Cancelling a waiting call's outcome leaves the others alone.
     * {@code prefetched} (the entry read with the rate-limit decision, or {@code null}) serves the lookup instead of
     * the store.
     */
    public <T> CompletableFuture<CachedValue<T>> getOrCompute(
            String key,
            Duration ttl,
            CacheCodec<T> codec,
            Supplier<CompletableFuture<T>> compute,
            Prefetched prefetched) {
        // Become the leader first, then look up: a call that finds another on the same key waits for it without a
        // lookup of its own, and the leader's one lookup needs no re-check before computing, since no other call in
        // this process can compute the key between the two (one that finished earlier has stored its value, which
        // the lookup finds). Single flight is per process: instances sharing a store may each compute a key once.
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            return leader.thenApply(shared -> {
                gateway.countSharedResult();
                // Served a result this call did not compute: to the caller, that is a cache hit.
                return new CachedValue<>(cast(shared), true);
            });
        }
        CompletableFuture<T> computing;
        try {
            Optional<T> cached = prefetched != null && prefetched.key().equals(key)
                    ? gateway.lookup(key, codec::decode, prefetched.text())
                    : gateway.lookup(key, codec::decode);
            if (cached.isPresent()) {
                finish(key, mine, cached.get(), null);
                return CompletableFuture.completedFuture(new CachedValue<>(cached.get(), true));
            }
            computing = Objects.requireNonNull(compute.get(), "the computation's outcome");
        } catch (RuntimeException | Error e) {
            finish(key, mine, null, e);
            throw e;
        }
        return computing.handle((value, failure) -> {
            if (failure != null) {
                // A failure that may be this call's caller's alone: the calls that waited compute their own.
                finish(key, mine, null, codec.isFailureShareable() ? failure : new NotShared());
                throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
            }
            if (!codec.isShareable(value)) {
                // It belongs to this call's caller alone: the calls that waited compute their own, and nothing is
                // stored.
                finish(key, mine, null, new NotShared());
                return new CachedValue<>(value, false);
            }
            try {
                if (codec.isCacheable(value) && !invalidated.contains(mine)) {
                    store(key, ttl, codec, value);
                    if (invalidated.contains(mine)) {
                        gateway.invalidate(key); // invalidated while it was stored: the write came after the read
                    }
                }
            } catch (RuntimeException | Error e) {
                finish(key, mine, null, e); // the calls waiting for this one must never be left waiting
                throw e;
            }
            finish(key, mine, value, null);
            return new CachedValue<>(value, false);
        });
    }

    /**
     * The outcome of a call that waited for another whose value was not for it ({@link CacheCodec#isShareable}): it
     * computes its own. No stack trace: it is a signal, not an error.
     */
    public static final class NotShared extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotShared() {
            super("the computing call's value is its own caller's alone", null, false, false);
        }
    }

    /**
     * Removes the entry under {@code key}, for writes that make it stale. A computation of the key still running read
     * before the write: later calls do not wait for it, and its value is not stored (only the calls that already
     * waited for it get it).
     */
    public void invalidate(String key) {
        CompletableFuture<Object> running = inFlight.remove(key);
        if (running != null) {
            invalidated.add(running); // before the store's entry goes: a store after this sees it and undoes itself
        }
        gateway.invalidate(key);
    }

    /**
     * Ends the leader's flight: later calls look the store up again (a stored value is there by now), and the calls
     * that waited get the leader's value or failure.
     */
    private void finish(String key, CompletableFuture<Object> mine, Object value, Throwable failure) {
        inFlight.remove(key, mine);
        invalidated.remove(mine);
        if (failure == null) {
            mine.complete(value);
        } else {
            mine.completeExceptionally(
                    failure instanceof CompletionException wrapped && wrapped.getCause() != null
                            ? wrapped.getCause()
                            : failure);
        }
    }

    /** Caching is best effort: a value the codec cannot encode is returned to the caller, just not stored. */
    private <T> void store(String key, Duration ttl, CacheCodec<T> codec, T value) {
        String text;
        try {
            text = codec.encode(value);
        } catch (RuntimeException e) {
            LOG.warn("Result under {} could not be encoded for the cache; not cached: {}", key, FailureText.of(e));
            return;
        }
        gateway.store(key, text, ttl);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
