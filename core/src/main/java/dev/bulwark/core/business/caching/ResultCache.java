package dev.bulwark.core.business.caching;

import dev.bulwark.core.data.cache.CacheGateway;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Get-or-compute over the cache, with single flight: when several calls miss on the same key at once, one computes
 * and the others wait for its result instead of computing it again. A failure of the cache store never fails the
 * call (see {@link CacheGateway}); a failure of the computation is passed to every waiting caller and nothing is
 * cached. Thread-safe.
 */
public final class ResultCache {

    private final CacheGateway gateway;
    private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();

    public ResultCache(CacheGateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * The cached value under {@code key}, or the value {@code compute} returns (stored for {@code ttl} if the codec
     * deems it cacheable).
     */
    public <T> CachedValue<T> getOrCompute(String key, Duration ttl, CacheCodec<T> codec, Supplier<T> compute) {
        Optional<T> cached = readCached(key, codec);
        if (cached.isPresent()) {
            return new CachedValue<>(cached.get(), true);
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            return new CachedValue<>(awaitLeader(leader), false);
        }
        try {
            T value = compute.get();
            if (codec.isCacheable(value)) {
                gateway.store(key, codec.encode(value), ttl);
            }
            mine.complete(value);
            return new CachedValue<>(value, false);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** Removes the entry under {@code key}, for writes that make it stale. */
    public void invalidate(String key) {
        gateway.invalidate(key);
    }

    private <T> Optional<T> readCached(String key, CacheCodec<T> codec) {
        return gateway.lookup(key).map(codec::decode);
    }

    @SuppressWarnings("unchecked")
    private static <T> T awaitLeader(CompletableFuture<Object> leader) {
        try {
            return (T) leader.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
