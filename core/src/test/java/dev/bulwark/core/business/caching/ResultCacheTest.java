package dev.bulwark.core.business.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.data.cache.CacheGateway;
import dev.bulwark.core.data.cache.InMemoryCacheStore;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Get-or-compute with single flight: hits, what is not cached, and concurrent misses computing once. */
class ResultCacheTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final ManualTicker ticker = new ManualTicker();
    private final InMemoryCacheStore store = new InMemoryCacheStore(100, ticker);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ResultCache cache = new ResultCache(new CacheGateway(store, registry));
    private final AtomicInteger computations = new AtomicInteger();
    private ExecutorService pool;

    @AfterEach
    void stopPool() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private Supplier<String> counting(String value) {
        return () -> {
            computations.incrementAndGet();
            return value;
        };
    }

    @Test
    void firstCallComputesAndMisses() {
        CachedValue<String> first = cache.getOrCompute("k", TTL, new TextCodec(), counting("v"));

        assertThat(first).isEqualTo(new CachedValue<>("v", false));
        assertThat(computations).hasValue(1);
    }

    @Test
    void secondCallIsAHitWithoutComputing() {
        cache.getOrCompute("k", TTL, new TextCodec(), counting("v"));

        CachedValue<String> second = cache.getOrCompute("k", TTL, new TextCodec(), counting("other"));

        assertThat(second).isEqualTo(new CachedValue<>("v", true));
        assertThat(computations).hasValue(1);
    }

    @Test
    void storesTheValueForTheGivenTtl() {
        cache.getOrCompute("k", TTL, new TextCodec(), counting("v"));
        ticker.advance(TTL);

        CachedValue<String> later = cache.getOrCompute("k", TTL, new TextCodec(), counting("fresh"));

        assertThat(later).isEqualTo(new CachedValue<>("fresh", false));
    }

    @Test
    void valueTheCodecCallsUncacheableIsNotStored() {
        cache.getOrCompute("k", TTL, new TextCodec(), counting("error: user not found"));

        CachedValue<String> second = cache.getOrCompute("k", TTL, new TextCodec(), counting("error: user not found"));

        assertThat(second.hit()).isFalse();
        assertThat(computations).hasValue(2);
        assertThat(store.get("k")).isEmpty();
    }

    @Test
    void failingComputationPropagatesToTheCaller() {
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> cache.getOrCompute("k", TTL, new TextCodec(), () -> {
            throw failure;
        })).isSameAs(failure);
    }

    @Test
    void failingComputationIsNotCached() {
        try {
            cache.getOrCompute("k", TTL, new TextCodec(), () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the failure itself is the previous test's concern
        }

        CachedValue<String> next = cache.getOrCompute("k", TTL, new TextCodec(), counting("v"));

        assertThat(next).isEqualTo(new CachedValue<>("v", false));
        assertThat(computations).hasValue(1);
    }

    @Test
    void unreadableStoredTextIsRecomputed() {
        store.put("k", TextCodec.CORRUPT, TTL);

        CachedValue<String> value = cache.getOrCompute("k", TTL, new TextCodec(), counting("v"));

        assertThat(value).isEqualTo(new CachedValue<>("v", false));
        assertThat(store.get("k")).contains("v");
    }

    @Test
    void failingStoreStillReturnsTheComputedValue() {
        ResultCache overBrokenStore = new ResultCache(new CacheGateway(new FailingCacheStore(), registry));

        CachedValue<String> value = overBrokenStore.getOrCompute("k", TTL, new TextCodec(), counting("v"));

        assertThat(value).isEqualTo(new CachedValue<>("v", false));
    }

    @Test
    void valueThatCannotBeEncodedIsReturnedButNotCached() {
        TextCodec unencodable = new TextCodec() {
            @Override
            public String encode(String value) {
                throw new IllegalStateException("cannot encode");
            }
        };

        CachedValue<String> value = cache.getOrCompute("k", TTL, unencodable, counting("v"));

        assertThat(value).isEqualTo(new CachedValue<>("v", false));
        assertThat(store.get("k")).isEmpty();
    }

    @Test
    void invalidateMakesTheNextCallCompute() {
        cache.getOrCompute("k", TTL, new TextCodec(), counting("v"));

        cache.invalidate("k");
        CachedValue<String> next = cache.getOrCompute("k", TTL, new TextCodec(), counting("v2"));

        assertThat(next).isEqualTo(new CachedValue<>("v2", false));
    }

    @Test
    void concurrentMissesOnOneKeyComputeOnce() throws Exception {
        int callers = 8;
        CountDownLatch lookedUp = new CountDownLatch(callers);
        ResultCache observed = new ResultCache(new CacheGateway(new LookupSignallingStore(store, lookedUp), registry));
        CountDownLatch start = new CountDownLatch(1);
        Supplier<String> slowCompute = () -> {
            computations.incrementAndGet();
            try {
                // hold the computation until every caller has missed, so they all overlap it
                if (!lookedUp.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not every caller arrived");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return "v";
        };
        pool = Executors.newFixedThreadPool(callers);
        List<CompletableFuture<CachedValue<String>>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                awaitQuietly(start);
                return observed.getOrCompute("k", TTL, new TextCodec(), slowCompute);
            }, pool));
        }

        start.countDown();

        for (CompletableFuture<CachedValue<String>> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS).value()).isEqualTo("v");
        }
        assertThat(computations).hasValue(1);
    }

    @Test
    void concurrentMissesOnDifferentKeysComputeEach() throws Exception {
        pool = Executors.newFixedThreadPool(2);
        CountDownLatch bothComputing = new CountDownLatch(2);
        Supplier<String> compute = () -> {
            computations.incrementAndGet();
            bothComputing.countDown();
            awaitQuietly(bothComputing);
            return "v";
        };

        CompletableFuture<CachedValue<String>> a =
                CompletableFuture.supplyAsync(() -> cache.getOrCompute("a", TTL, new TextCodec(), compute), pool);
        CompletableFuture<CachedValue<String>> b =
                CompletableFuture.supplyAsync(() -> cache.getOrCompute("b", TTL, new TextCodec(), compute), pool);

        assertThat(a.get(10, TimeUnit.SECONDS).value()).isEqualTo("v");
        assertThat(b.get(10, TimeUnit.SECONDS).value()).isEqualTo("v");
        assertThat(computations).hasValue(2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Text stored as is; anything starting with "error" is not worth caching. */
    private static class TextCodec implements CacheCodec<String> {
        static final String CORRUPT = "\u0000corrupt";

        @Override
        public String encode(String value) {
            return value;
        }

        @Override
        public String decode(String text) {
            return CORRUPT.equals(text) ? null : text;
        }

        @Override
        public boolean isCacheable(String value) {
            return !value.startsWith("error");
        }
    }

    /** Delegates to a real store and counts down a latch on every lookup. */
    private static final class LookupSignallingStore implements CacheStore {
        private final CacheStore delegate;
        private final CountDownLatch lookups;

        LookupSignallingStore(CacheStore delegate, CountDownLatch lookups) {
            this.delegate = delegate;
            this.lookups = lookups;
        }

        @Override
        public Optional<String> get(String key) {
            Optional<String> value = delegate.get(key);
            lookups.countDown();
            return value;
        }

        @Override
        public void put(String key, String value, Duration ttl) {
            delegate.put(key, value, ttl);
        }

        @Override
        public void invalidate(String key) {
            delegate.invalidate(key);
        }
    }

    /** A store whose backend is unreachable. */
    private static final class FailingCacheStore implements CacheStore {
        @Override
        public Optional<String> get(String key) {
            throw new DependencyUnavailableException("redis", "connection refused");
        }

        @Override
        public void put(String key, String value, Duration ttl) {
            throw new DependencyUnavailableException("redis", "connection refused");
        }

        @Override
        public void invalidate(String key) {
            throw new DependencyUnavailableException("redis", "connection refused");
        }
    }
}
