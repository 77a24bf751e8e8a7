package dev.bulwark.core.internal.presentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.FakeCallContext;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.ratelimit.RateLimitedRead;
import dev.bulwark.ports.ratelimit.RateLimitedRead.DecisionAndRead;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A cached call costs one trip to a store that holds both the rate limits and the cache: the decision brings the
 * entry back, and the cache is not asked again. A store that cannot, or fails, gets two calls as before.
 */
class RateLimitedReadPipelineTest {

    record Lookup(String key) {}

    record Answer(String text) {}

    private final AtomicInteger computed = new AtomicInteger();

    private final Tool<Lookup, Answer> cached = Tool.builder("cached", Lookup.class, Answer.class)
            .description("Looks a key up, cached")
            .cache(CachePolicy.shared(Duration.ofMinutes(5)))
            .rateLimit(RateLimit.perMinute(4))
            .handler((input, context) -> {
                computed.incrementAndGet();
                return ToolResult.of(new Answer("value of " + input.key()), input.key());
            })
            .build();

    private final Tool<Lookup, Answer> uncached = Tool.builder("uncached", Lookup.class, Answer.class)
            .description("Looks a key up")
            .handler((input, context) -> ToolResult.of(new Answer("value"), "value"))
            .build();

    private final SharedStore shared = new SharedStore();

    private Bulwark server() {
        return Bulwark.builder(BulwarkConfig.defaults())
                .cacheStore(shared.cache)
                .rateLimitStore(shared)
                .tool(cached)
                .tool(uncached)
                .build();
    }

    private static CallToolResult call(Bulwark bulwark, Tool<?, ?> tool, String key) {
        return bulwark.call(
                tool, Map.of("key", key), new FakeCallContext(Principal.of("tester", "*"), "req", tool.name()));
    }

    @Test
    void aCachedCallDecidesAndReadsInOneTrip() {
        try (Bulwark bulwark = server()) {
            assertThat(ResultMeta.get(call(bulwark, cached, "k"), ResultMeta.CACHE))
                    .isEqualTo("miss");
            assertThat(ResultMeta.get(call(bulwark, cached, "k"), ResultMeta.CACHE))
                    .isEqualTo("hit");

            assertThat(shared.combined).hasValue(2);
            assertThat(shared.decisionsAlone).hasValue(0);
            assertThat(shared.cache.gets).as("the cache was not asked again").hasValue(0);
            assertThat(computed).hasValue(1);
        }
    }

    @Test
    void aRejectedCallIsNotServedFromTheReadThatCameWithIt() {
        try (Bulwark bulwark = server()) {
            for (int i = 0; i < 4; i++) {
                call(bulwark, cached, "k");
            }

            CallToolResult fifth = call(bulwark, cached, "k");

            assertThat(ResultMeta.isError(fifth)).isTrue();
            assertThat(ResultMeta.get(fifth, ResultMeta.ERROR_TYPE)).isEqualTo("rate_limited");
        }
    }

    @Test
    void aCallThatIsNotCachedIsDecidedAlone() {
        try (Bulwark bulwark = server()) {
            call(bulwark, uncached, "k");

            assertThat(shared.combined).hasValue(0);
            assertThat(shared.decisionsAlone).hasValue(1);
        }
    }

    @Test
    void whenTheTripFailsTheLocalLimiterDecidesAndTheCacheIsAskedOnItsOwn() {
        try (Bulwark bulwark = server()) {
            call(bulwark, cached, "k");
            shared.working.set(false);

            CallToolResult result = call(bulwark, cached, "k");

            assertThat(ResultMeta.isError(result)).isFalse();
            assertThat(ResultMeta.get(result, ResultMeta.CACHE))
                    .as("the cache alone still answers")
                    .isEqualTo("hit");
            assertThat(shared.cache.gets).hasValue(1);
        }
    }

    @Test
    void aStoreThatCannotReadAlongGetsTwoCalls() {
        SharedStore apart = new SharedStore();
        apart.offersReadAlong = false;
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .cacheStore(apart.cache)
                .rateLimitStore(apart)
                .tool(cached)
                .build()) {
            call(bulwark, cached, "k");
            call(bulwark, cached, "k");

            assertThat(apart.combined).hasValue(0);
            assertThat(apart.decisionsAlone).hasValue(2);
            assertThat(apart.cache.gets).hasValue(2);
        }
    }

    /** A cache in a map. */
    private static final class MapCache implements CacheStore {
        final Map<String, String> entries = new ConcurrentHashMap<>();
        final AtomicInteger gets = new AtomicInteger();

        @Override
        public Optional<String> get(String key) {
            gets.incrementAndGet();
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public void put(String key, String value, Duration ttl) {
            entries.put(key, value);
        }

        @Override
        public void invalidate(String key) {
            entries.remove(key);
        }
    }

    /**
     * A store holding both the limits (a count per key, no time) and the cache, which can decide and read in one
     * trip while it works.
     */
    private static final class SharedStore implements RateLimitStore {
        final MapCache cache = new MapCache();
        final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        final AtomicInteger combined = new AtomicInteger();
        final AtomicInteger decisionsAlone = new AtomicInteger();
        final AtomicBoolean working = new AtomicBoolean(true);
        boolean offersReadAlong = true;

        @Override
        public RateLimitDecision tryAcquire(String key, RateLimit limit) {
            decisionsAlone.incrementAndGet();
            return decide(key, limit);
        }

        private RateLimitDecision decide(String key, RateLimit limit) {
            if (!working.get()) {
                throw new DependencyUnavailableException("shared", "down");
            }
            int used = counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return used <= limit.capacity()
                    ? RateLimitDecision.allow(limit.capacity() - used)
                    : RateLimitDecision.reject(Duration.ofSeconds(1));
        }

        @Override
        public Optional<RateLimitedRead> readsAlongWith(CacheStore other) {
            if (!offersReadAlong || other != cache) {
                return Optional.empty();
            }
            return Optional.of((limitKey, limit, cacheKey) -> {
                combined.incrementAndGet();
                RateLimitDecision decision = decide(limitKey, limit);
                return new DecisionAndRead(decision, Optional.ofNullable(cache.entries.get(cacheKey)));
            });
        }
    }
}
