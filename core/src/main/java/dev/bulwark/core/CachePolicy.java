package dev.bulwark.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.internal.business.caching.CanonicalJson;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether and how a tool's results are cached: {@link Sharing#SHARED shared} by every caller, or
 * {@link Sharing#PRIVATE private} to one. Immutable.
 *
 * @param sharing who may be served a cached result
 * @param ttl how long a result lives; empty means the server's default ({@code CACHE_TTL})
 */
public record CachePolicy(Sharing sharing, Optional<Duration> ttl) {

    /** Who may be served a cached result. */
    public enum Sharing {
        /** Any principal: the result does not depend on who asks. */
        SHARED,
        /** Only the principal that produced it. */
        PRIVATE
    }

    /** The longest TTL accepted: longer ones would overflow the stores' nanosecond expiry times. */
    public static final Duration MAX_TTL = Duration.ofDays(365);

    public CachePolicy {
        Objects.requireNonNull(sharing, "sharing");
        Objects.requireNonNull(ttl, "ttl");
        ttl.ifPresent(t -> {
            if (t.isZero() || t.isNegative()) {
                throw new IllegalArgumentException("cache ttl must be positive, was " + t);
            }
            if (t.compareTo(MAX_TTL) > 0) {
                throw new IllegalArgumentException("cache ttl must be at most 365 days, was " + t);
            }
        });
    }

    /** Shared across principals, with the server's default TTL. */
    public static CachePolicy shared() {
        return new CachePolicy(Sharing.SHARED, Optional.empty());
    }

    /** Shared across principals, for {@code ttl}. */
    public static CachePolicy shared(Duration ttl) {
        return new CachePolicy(Sharing.SHARED, Optional.of(ttl));
    }

    /** Private to each principal, with the server's default TTL. */
    public static CachePolicy perPrincipal() {
        return new CachePolicy(Sharing.PRIVATE, Optional.empty());
    }

    /** Private to each principal, for {@code ttl}. */
    public static CachePolicy perPrincipal(Duration ttl) {
        return new CachePolicy(Sharing.PRIVATE, Optional.of(ttl));
    }

    /** The TTL to apply, given the server default. */
    public Duration ttlOr(Duration defaultTtl) {
        return ttl.orElse(defaultTtl);
    }

    /**
     * {@code value} in the form the cache compares arguments in: object keys sorted, numbers normalized by value
     * ({@code 1.0} and {@code 1} are one key). A cached tool whose result echoes its arguments computes from this
     * form, so every call that shares a cache key gets the answer it would have computed itself. Returns a new tree.
     */
    public static JsonNode canonical(JsonNode value) {
        return CanonicalJson.canonical(Objects.requireNonNull(value, "value"));
    }
}
