package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.internal.business.caching.CachedValue;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.core.internal.presentation.era2026.InputRequiredSignal;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Serves results of tools that declare a {@link CachePolicy} from the cache, and caches successful results. The key
 * is deterministic (tool, schema version, SHA-256 of the canonical arguments, and the principal for private
 * policies); concurrent misses on one key compute once. Every cached tool's result says {@code hit} or
 * {@code miss} in {@code _meta["dev.bulwark/cache"]}. A failing cache never fails the call. When the entry was read
 * together with the rate-limit decision ({@link ToolInvocation#prefetched()}), the lookup is served from that read.
 * A call whose handler asked an MCP 2026-07-28 client for input ({@link InputRequiredSignal}) caches nothing; a call
 * that waited for such a call runs its own handler.
 */
public final class CachingInterceptor implements ToolInterceptor {

    private final ResultCache cache;
    private final CacheKeys keys;
    private final CallToolResultCodec codec;
    private final Duration defaultTtl;
    private final boolean enabled;

    public CachingInterceptor(
            ResultCache cache, CacheKeys keys, ObjectMapper mapper, Duration defaultTtl, boolean enabled) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.codec = new CallToolResultCodec(mapper);
        this.defaultTtl = Objects.requireNonNull(defaultTtl, "defaultTtl");
        this.enabled = enabled;
    }

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        Optional<CachePolicy> policy = invocation.tool().cachePolicy();
        if (!enabled || policy.isEmpty()) {
            return next.proceed(invocation);
        }
        // Read together with the rate-limit decision, the key is already known (and the entry already read).
        String key = invocation.prefetched() != null ? invocation.prefetched().key() : keys.keyFor(
                invocation.toolName(),
                invocation.tool().schemaVersion(),
                invocation.arguments(),
                policy.get(),
                invocation.context().principal());
        CachedValue<CallToolResult> outcome;
        try {
            // A miss waits here for its handler's result, to store it: an isolated handler then runs on the tool
            // executor, never held for this thread, which is busy waiting.
            ToolInvocation computed = invocation.withDeferredHandler(null);
            outcome = cache.getOrCompute(key, policy.get().ttlOr(defaultTtl), codec,
                    () -> CallOutcomes.join(next.proceed(computed)), invocation.prefetched());
        } catch (InputRequiredSignal asked) {
            if (asked.raisedFor(invocation.context())) {
                throw asked; // this call's handler asked for input: nothing was cached
            }
            // Another call's handler, whose outcome this call waited for, asked its own client for input: this
            // call's handler runs for itself, uncached.
            return next.proceed(invocation);
        }
        return CompletableFuture.completedFuture(
                ResultMeta.with(outcome.value(), Map.of(ResultMeta.CACHE, outcome.hit() ? "hit" : "miss")));
    }
}
