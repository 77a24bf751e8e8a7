package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCache;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.ports.security.Principal;
import java.util.Map;
import java.util.Objects;

/**
 * {@link ToolCache} on the pipeline's result cache, with the keys {@link CachingInterceptor} builds. Thread-safe.
 */
public final class ResultCacheEviction implements ToolCache {

    private final ResultCache cache;
    private final CacheKeys keys;

    public ResultCacheEviction(ResultCache cache, CacheKeys keys) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void evict(Tool<?, ?> tool, Map<String, Object> arguments, Principal caller) {
        CachePolicy policy = tool.cachePolicy()
                .orElseThrow(() -> new IllegalArgumentException(
                        "tool " + tool.name() + " has no cache policy: there is nothing to evict"));
        cache.invalidate(keys.keyFor(
                tool.name(), tool.schemaVersion(), arguments, policy, Objects.requireNonNull(caller, "caller")));
    }
}
