package dev.bulwark.core.internal.business.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.internal.data.cache.CacheGateway;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.core.internal.data.cache.OutageCacheStore;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
        CachedValue<String> first = getOrCompute(cache, "k", new TextCodec(), counting("v"));

        assertThat(first).isEqualTo(new CachedValue<>("v", false));
        assertThat(computations).hasValue(1);
    }

    @Test
    void secondCallIsAHitWithoutComputing() {
        getOrCompute(cache, "k", new TextCodec(), counting("v"));

        CachedValue<String> second = getOrCompute(cache, "k", new TextCodec(), counting("other"));

        assertThat(second).isEqualTo(new CachedValue<>("v", true));
        assertThat(computations).hasValue(1);
    }

    @Test
    void aComputationRunningWhenItsKeyIsInvalidatedIsNeitherJoinedByLaterCallsNorStored() {
        CompletableFuture<String> before = new CompletableFuture<>(); // read before the write, still finishing
        CompletableFuture<CachedValue<String>> first =
                cache.getOrCompute("k", TTL, new TextCodec(), () -> before, null);

        cache.invalidate("k"); // the write
        CompletableFuture<CachedValue<String>> afterTheWrite =
                cache.getOrCompute("k", TTL, new TextCodec(), () -> CompletableFuture.completedFuture("new"), null);
        before.complete("old");

        assertThat(first.join()).isEqualTo(new CachedValue<>("old", false));
        assertThat(afterTheWrite.join())
                .as("computed after the write, not joined")
                .isEqualTo(new CachedValue<>("new", false));
        assertThat(getOrCompute(cache, "k", new TextCodec(), counting("unused")))
                .isEqualTo(new CachedValue<>("new", true));
    }

    @Test
    void aComputationInvalidatedWhileNoOtherCallRunsStoresNothing() {
        CompletableFuture<String> before = new CompletableFuture<>();
        CompletableFuture<CachedValue<String>> first =
                cache.getOrCompute("k", TTL, new TextCodec(), () -> before, null);

        cache.invalidate("k");
        before.complete("old");

        assertThat(first.join().value()).isEqualTo("old");
        assertThat(getOrCompute(cache, "k", new TextCodec(), counting("fresh")))
                .isEqualTo(new CachedValue<>("fresh", false));
    }

    @Test
    void storesTheValueForTheGivenTtl() {
        getOrCompute(cache, "k", new TextCodec(), counting("v"));
        ticker.advance(TTL);

        CachedValue<String> later = getOrCompute(cache, "k", new TextCodec(), counting("fresh"));

        assertThat(later).isEqualTo(new CachedValue<>("fresh", false));
    }

    @Test
    void valueTheCodecCallsUncacheableIsNotStored() {
        getOrCompute(cache, "k", new TextCodec(), counting("error: user not found"));

        CachedValue<String> second = getOrCompute(cache, "k", new TextCodec(), counting("error: user not found"));

        assertThat(second.hit()).isFalse();
        assertThat(computations).hasValue(2);
        assertThat(store.get("k")).isEmpty();
    }

    @Test
    void failingComputationPropagatesToTheCaller() {
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> getOrCompute(cache, "k", new TextCodec(), () -> {
                    throw failure;
                }))
                .isSameAs(failure);
    }

    @Test
    void failingComputationIsNotCached() {
        try {
            getOrCompute(cache, "k", new TextCodec(), () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the failure itself is the previous test's concern
        }

        CachedValue<String> next = getOrCompute(cache, "k", new TextCodec(), counting("v"));

        assertThat(next).isEqualTo(new CachedValue<>("v", false));
        assertThat(computations).hasValue(1);
    }

    @Test
    void unreadableStoredTextIsRecomputed() {
        store.put("k", TextCodec.CORRUPT, TTL);

        CachedValue<String> value = getOrCompute(cache, "k", new TextCodec(), counting("v"));

        assertThat(value).isEqualTo(new CachedValue<>("v", false));
        assertThat(store.get("k")).contains("v");
    }

    @Test
    void failingStoreStillReturnsTheComputedValue() {
        ResultCache overBrokenStore = new ResultCache(new CacheGateway(new FailingCacheStore(), registry));

        CachedValue<String> value = getOrCompute(overBrokenStore, "k", new TextCodec(), counting("v"));

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

        CachedValue<String> value = getOrCompute(cache, "k", unencodable, counting("v"));

        assertThat(value).isEqualTo(new CachedValue<>("v", false));
        assertThat(store.get("k")).isEmpty();
    }

    @Test
    void invalidateMakesTheNextCallCompute() {
        getOrCompute(cache, "k", new TextCodec(), counting("v"));

        cache.invalidate("k");
        CachedValue<String> next = getOrCompute(cache, "k", new TextCodec(), counting("v2"));

        assertThat(next).isEqualTo(new CachedValue<>("v2", false));
    }

    @Test
    void concurrentMissesOnOneKeyComputeOnce() throws Exception {
        int callers = 8;
        CountDownLatch release = new CountDownLatch(1);
        Supplier<String> slowCompute = () -> {
            computations.incrementAndGet();
            awaitQuietly(release);
            return "v";
        };
        List<CompletableFuture<CachedValue<String>>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            CompletableFuture<CachedValue<String>> result = new CompletableFuture<>();
            results.add(result);
            threads.add(start(() -> result.complete(getOrCompute(cache, "k", new TextCodec(), slowCompute))));
        }

        // hold the computation until every caller waits, on it or on the one computing, so they all overlap it
        awaitAllWaiting(threads);
        release.countDown();

        for (CompletableFuture<CachedValue<String>> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS).value()).isEqualTo("v");
        }
        assertThat(computations).hasValue(1);
    }

    @Test
    void aCallOnAKeyBeingComputedWaitsWithoutHoldingItsThread() {
        CompletableFuture<String> computing = new CompletableFuture<>();

        CompletableFuture<CachedValue<String>> leader = cache.getOrCompute(
                "k",
                TTL,
                new TextCodec(),
                () -> {
                    computations.incrementAndGet();
                    return computing;
                },
                null);
        // the same thread calls again while the first is computing: it gets its outcome back at once
        CompletableFuture<CachedValue<String>> follower =
                cache.getOrCompute("k", TTL, new TextCodec(), () -> CompletableFuture.completedFuture("x"), null);

        assertThat(leader).isNotDone();
        assertThat(follower).isNotDone();
        computing.complete("v");
        assertThat(leader.join()).isEqualTo(new CachedValue<>("v", false));
        assertThat(follower.join()).isEqualTo(new CachedValue<>("v", true));
        assertThat(computations).hasValue(1);
        assertThat(store.get("k")).contains("v");
    }

    @Test
    void cancellingAWaitingCallLeavesTheComputingCallAndTheOtherWaitingCallsAlone() {
        CompletableFuture<String> computing = new CompletableFuture<>();
        CompletableFuture<CachedValue<String>> leader =
                cache.getOrCompute("k", TTL, new TextCodec(), () -> computing, null);
        CompletableFuture<CachedValue<String>> cancelled =
                cache.getOrCompute("k", TTL, new TextCodec(), () -> computing, null);
        CompletableFuture<CachedValue<String>> other =
                cache.getOrCompute("k", TTL, new TextCodec(), () -> computing, null);

        cancelled.cancel(true);
        computing.complete("v");

        assertThat(computing).isCompletedWithValue("v");
        assertThat(leader.join()).isEqualTo(new CachedValue<>("v", false));
        assertThat(other.join()).isEqualTo(new CachedValue<>("v", true));
        assertThat(cancelled).isCancelled();
    }

    @Test
    void aComputationThatFailsLaterFailsItsWaitingCallsWithItsFailureAndCachesNothing() {
        CompletableFuture<String> computing = new CompletableFuture<>();
        CompletableFuture<CachedValue<String>> leader =
                cache.getOrCompute("k", TTL, new TextCodec(), () -> computing, null);
        CompletableFuture<CachedValue<String>> follower =
                cache.getOrCompute("k", TTL, new TextCodec(), () -> computing, null);
        IllegalStateException failure = new IllegalStateException("boom");

        computing.completeExceptionally(failure);

        assertThatThrownBy(leader::join).hasCauseReference(failure);
        assertThatThrownBy(follower::join).hasCauseReference(failure);
        assertThat(getOrCompute(cache, "k", new TextCodec(), counting("v"))).isEqualTo(new CachedValue<>("v", false));
    }

    @Test
    void aCodecFailingOnALaterResultFailsTheWaitingCallsRatherThanLeavingThemWaiting() {
        TextCodec broken = new TextCodec() {
            @Override
            public boolean isCacheable(String value) {
                throw new IllegalStateException("codec broke");
            }
        };
        CompletableFuture<String> computing = new CompletableFuture<>();
        CompletableFuture<CachedValue<String>> leader = cache.getOrCompute("k", TTL, broken, () -> computing, null);
        CompletableFuture<CachedValue<String>> follower = cache.getOrCompute("k", TTL, broken, () -> computing, null);

        computing.complete("v");

        assertThat(leader).isCompletedExceptionally();
        assertThat(follower).isCompletedExceptionally();
        assertThat(getOrCompute(cache, "k", new TextCodec(), counting("v")).hit())
                .as("no flight is left")
                .isFalse();
    }

    @Test
    void aMissIsCountedOnceAndLooksTheStoreUpOnce() {
        OutageCacheStore observed = new OutageCacheStore(store);
        ResultCache overObserved = new ResultCache(new CacheGateway(observed, registry));

        getOrCompute(overObserved, "k", new TextCodec(), counting("v"));

        assertThat(count("miss")).isEqualTo(1.0);
        assertThat(count("hit")).isZero();
        assertThat(observed.gets()).isEqualTo(1);
    }

    @Test
    void aHitIsCountedOnce() {
        getOrCompute(cache, "k", new TextCodec(), counting("v"));

        getOrCompute(cache, "k", new TextCodec(), counting("v"));

        assertThat(count("hit")).isEqualTo(1.0);
        assertThat(count("miss")).isEqualTo(1.0);
    }

    @Test
    void unreadableStoredTextIsCountedAsAMissAsItsCallerIsTold() {
        store.put("k", TextCodec.CORRUPT, TTL);

        getOrCompute(cache, "k", new TextCodec(), counting("v"));

        assertThat(count("miss")).isEqualTo(1.0);
        assertThat(count("hit")).isZero();
    }

    @Test
    void aCallAnsweredByAConcurrentCallOnTheSameKeyIsCountedAsTheHitItIsToldItIs() throws Exception {
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Supplier<String> slowCompute = () -> {
            computing.countDown();
            awaitQuietly(release);
            return "v";
        };
        CompletableFuture<CachedValue<String>> leader = new CompletableFuture<>();
        CompletableFuture<CachedValue<String>> follower = new CompletableFuture<>();
        Thread first = start(() -> leader.complete(getOrCompute(cache, "k", new TextCodec(), slowCompute)));
        assertThat(computing.await(30, TimeUnit.SECONDS))
                .as("the first call computes")
                .isTrue();
        Thread second = start(() -> follower.complete(getOrCompute(cache, "k", new TextCodec(), slowCompute)));
        awaitAllWaiting(List.of(first, second));

        release.countDown();

        assertThat(leader.get(30, TimeUnit.SECONDS).hit()).isFalse();
        assertThat(follower.get(30, TimeUnit.SECONDS).hit()).isTrue();
        assertThat(count("hit")).isEqualTo(1.0);
        assertThat(count("miss")).isEqualTo(1.0);
    }

    @Test
    void anEntryWhoseInvalidationFailedIsRecomputedOnceTheStoreAnswersAgain() {
        OutageCacheStore flaky = new OutageCacheStore(store);
        ResultCache overFlaky = new ResultCache(new CacheGateway(flaky, registry));
        getOrCompute(overFlaky, "k", new TextCodec(), counting("old"));
        flaky.fail();
        overFlaky.invalidate("k");
        flaky.recover();

        CachedValue<String> next = getOrCompute(overFlaky, "k", new TextCodec(), counting("new"));

        assertThat(next).isEqualTo(new CachedValue<>("new", false));
        assertThat(store.get("k")).contains("new");
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
                CompletableFuture.supplyAsync(() -> getOrCompute(cache, "a", new TextCodec(), compute), pool);
        CompletableFuture<CachedValue<String>> b =
                CompletableFuture.supplyAsync(() -> getOrCompute(cache, "b", new TextCodec(), compute), pool);

        assertThat(a.get(30, TimeUnit.SECONDS).value()).isEqualTo("v");
        assertThat(b.get(30, TimeUnit.SECONDS).value()).isEqualTo("v");
        assertThat(computations).hasValue(2);
    }

    /**
     * Get-or-compute as a caller whose computation completes on its own thread, waiting for the outcome; what it
     * fails with is thrown as it was raised.
     */
    private static <T> CachedValue<T> getOrCompute(
            ResultCache cache, String key, CacheCodec<T> codec, Supplier<T> compute) {
        try {
            return cache.getOrCompute(key, TTL, codec, () -> CompletableFuture.completedFuture(compute.get()), null)
                    .join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    private double count(String result) {
        return registry.get("mcp.cache.requests")
                .tag("result", result)
                .counter()
                .count();
    }

    private static Thread start(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits until every thread is parked (on a latch or on another call's result). */
    private static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!threads.stream().allMatch(ResultCacheTest::parked)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("callers did not all wait");
            }
            Thread.sleep(1);
        }
    }

    private static boolean parked(Thread thread) {
        return thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
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
