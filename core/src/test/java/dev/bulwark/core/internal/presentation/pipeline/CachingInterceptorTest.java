package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.ALICE;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.BOB;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.errorResult;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.CanonicalJson;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.core.internal.data.cache.CacheGateway;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Tools with a cache policy are served from the cache; the result says whether it was a hit. */
class CachingInterceptorTest {

    private static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final ObjectMapper mapper = new ObjectMapper();
    private final ManualTicker ticker = new ManualTicker();
    private final AtomicInteger nextCalls = new AtomicInteger();
    private final Tool<?, ?> shared = echo(b -> b.cache(CachePolicy.shared()));
    private final Tool<?, ?> perPrincipal = echo(b -> b.cache(CachePolicy.perPrincipal()));

    private CachingInterceptor interceptor(CacheStore store, boolean enabled) {
        return new CachingInterceptor(
                new ResultCache(new CacheGateway(store, new SimpleMeterRegistry())),
                new CacheKeys(new CanonicalJson(mapper)),
                mapper,
                DEFAULT_TTL,
                enabled);
    }

    private final CachingInterceptor interceptor = interceptor(new InMemoryCacheStore(100, ticker), true);

    private CallToolResult call(
            CachingInterceptor target, Tool<?, ?> tool, Principal principal, Supplier<CallToolResult> handler) {
        return SyncCalls.run(target, invocation(tool, echoArgs("hi"), principal), inv -> {
            nextCalls.incrementAndGet();
            return handler.get();
        });
    }

    private CallToolResult call(Tool<?, ?> tool, Principal principal) {
        return call(interceptor, tool, principal, () -> structuredResult("computed #" + (nextCalls.get())));
    }

    private static CallToolResult structuredResult(String text) {
        return CallToolResult.builder()
                .content(List.of(TextContent.builder(text).build()))
                .structuredContent(Map.of("echoed", text, "count", 2))
                .meta(Map.of("tool/own", "kept"))
                .isError(false)
                .build();
    }

    @Test
    void aCallWhoseComputingCallWasCancelledGoesOnOnTheRerunExecutorNotOnTheCancellingThread() throws Exception {
        java.util.concurrent.ExecutorService reruns = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            CachingInterceptor target = new CachingInterceptor(
                    new ResultCache(new CacheGateway(new InMemoryCacheStore(100, ticker), new SimpleMeterRegistry())),
                    new CacheKeys(new CanonicalJson(mapper)),
                    mapper,
                    DEFAULT_TTL,
                    true,
                    reruns);
            java.util.concurrent.CompletableFuture<CallToolResult> firstRun =
                    new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.CompletableFuture<Thread> rerunOn = new java.util.concurrent.CompletableFuture<>();
            ToolCallChain chain = inv -> {
                if (nextCalls.incrementAndGet() == 1) {
                    return firstRun;
                }
                rerunOn.complete(Thread.currentThread());
                return java.util.concurrent.CompletableFuture.completedFuture(structuredResult("own run"));
            };
            CallCancellation firstClient = CallCancellation.create();
            target.intercept(
                    new ToolInvocation(
                            shared,
                            echoArgs("hi"),
                            new dev.bulwark.core.internal.testing.FakeCallContext(ALICE, "first", shared.name()),
                            firstClient),
                    chain);
            java.util.concurrent.CompletableFuture<CallToolResult> waiting = target.intercept(
                    new ToolInvocation(
                            shared,
                            echoArgs("hi"),
                            new dev.bulwark.core.internal.testing.FakeCallContext(ALICE, "second", shared.name()),
                            CallCancellation.create()),
                    chain);

            firstRun.completeExceptionally(new dev.bulwark.core.ToolCancelledException("echo")); // on this thread

            assertThat(text(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS)))
                    .isEqualTo("own run");
            assertThat(rerunOn.get(30, java.util.concurrent.TimeUnit.SECONDS)).isNotSameAs(Thread.currentThread());
        } finally {
            reruns.shutdownNow();
        }
    }

    @Test
    void firstCallIsAMissAndSaysSo() {
        CallToolResult first = call(shared, ALICE);

        assertThat(first.meta()).containsEntry(ResultMeta.CACHE, "miss");
        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void secondCallIsAHitWithoutRunningTheChain() {
        call(shared, ALICE);

        CallToolResult second = call(shared, ALICE);

        assertThat(second.meta()).containsEntry(ResultMeta.CACHE, "hit");
        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void hitCarriesTheOriginalContentStructuredContentAndMeta() {
        CallToolResult first = call(shared, ALICE);

        CallToolResult second = call(shared, ALICE);

        assertThat(text(second)).isEqualTo(text(first));
        assertThat(second.structuredContent()).isEqualTo(first.structuredContent());
        assertThat(second.isError()).isFalse();
        assertThat(second.meta()).containsEntry("tool/own", "kept");
    }

    @Test
    void sharedResultIsServedToAnotherPrincipal() {
        call(shared, ALICE);

        assertThat(call(shared, BOB).meta()).containsEntry(ResultMeta.CACHE, "hit");
    }

    @Test
    void privateResultIsNeverServedToAnotherPrincipal() {
        CallToolResult alices = call(perPrincipal, ALICE);

        CallToolResult bobs = call(perPrincipal, BOB);

        assertThat(bobs.meta()).containsEntry(ResultMeta.CACHE, "miss");
        assertThat(text(bobs)).isNotEqualTo(text(alices));
        assertThat(nextCalls).hasValue(2);
    }

    @Test
    void privateResultIsServedToItsOwnPrincipal() {
        call(perPrincipal, ALICE);
        call(perPrincipal, BOB);

        assertThat(call(perPrincipal, ALICE).meta()).containsEntry(ResultMeta.CACHE, "hit");
    }

    @Test
    void differentArgumentsAreADifferentEntry() {
        SyncCalls.run(interceptor, invocation(shared, echoArgs("a")), inv -> structuredResult("a"));

        CallToolResult other =
                SyncCalls.run(interceptor, invocation(shared, echoArgs("b")), inv -> structuredResult("b"));

        assertThat(other.meta()).containsEntry(ResultMeta.CACHE, "miss");
        assertThat(text(other)).isEqualTo("b");
    }

    @Test
    void disabledCacheNeverCaches() {
        CachingInterceptor disabled = interceptor(new InMemoryCacheStore(100, ticker), false);

        call(disabled, shared, ALICE, () -> structuredResult("x"));
        CallToolResult second = call(disabled, shared, ALICE, () -> structuredResult("x"));

        assertThat(nextCalls).hasValue(2);
        assertThat(second.meta()).doesNotContainKey(ResultMeta.CACHE);
    }

    @Test
    void toolWithoutPolicyIsNeverCached() {
        Tool<?, ?> uncached = echo();

        call(uncached, ALICE);
        CallToolResult second = call(uncached, ALICE);

        assertThat(nextCalls).hasValue(2);
        assertThat(second.meta()).doesNotContainKey(ResultMeta.CACHE);
    }

    @Test
    void errorResultIsNotCached() {
        call(interceptor, shared, ALICE, () -> errorResult("user not found"));

        CallToolResult second = call(interceptor, shared, ALICE, () -> errorResult("user not found"));

        assertThat(nextCalls).hasValue(2);
        assertThat(second.meta()).containsEntry(ResultMeta.CACHE, "miss");
    }

    @Test
    void failureIsNotCached() {
        assertThatThrownBy(() -> call(interceptor, shared, ALICE, () -> {
                    throw new ToolException("try later");
                }))
                .isInstanceOf(ToolException.class);

        CallToolResult next = call(shared, ALICE);

        assertThat(next.meta()).containsEntry(ResultMeta.CACHE, "miss");
    }

    @Test
    void entryExpiresAfterThePolicyTtl() {
        Tool<?, ?> shortLived = echo(b -> b.cache(CachePolicy.shared(Duration.ofSeconds(10))));
        call(shortLived, ALICE);
        ticker.advance(Duration.ofSeconds(10));

        assertThat(call(shortLived, ALICE).meta()).containsEntry(ResultMeta.CACHE, "miss");
    }

    @Test
    void entryWithoutPolicyTtlLivesForTheServerDefault() {
        call(shared, ALICE);
        ticker.advance(DEFAULT_TTL.minusSeconds(1));

        assertThat(call(shared, ALICE).meta()).containsEntry(ResultMeta.CACHE, "hit");
    }

    @Test
    void failingCacheStoreNeverFailsTheCall() {
        CachingInterceptor overBrokenStore = interceptor(new FailingCacheStore(), true);

        CallToolResult result = call(overBrokenStore, shared, ALICE, () -> structuredResult("fresh"));

        assertThat(text(result)).isEqualTo("fresh");
        assertThat(result.meta()).containsEntry(ResultMeta.CACHE, "miss");
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
