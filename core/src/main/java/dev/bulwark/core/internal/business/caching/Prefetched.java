package dev.bulwark.core.internal.business.caching;

import java.util.Objects;
import java.util.Optional;

/**
 * A cache entry read together with the call's rate-limit decision, in the same round trip. Immutable.
 *
 * @param key the cache key that was read
 * @param text what the store held under it, empty when nothing
 */
public record Prefetched(String key, Optional<String> text) {

    public Prefetched {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(text, "text");
    }
}
