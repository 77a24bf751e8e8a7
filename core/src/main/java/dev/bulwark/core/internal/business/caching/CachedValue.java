package dev.bulwark.core.internal.business.caching;

/**
 * A value obtained through the {@link ResultCache}, and whether it came from the cache.
 *
 * @param value the value
 * @param hit true when served from the cache, false when computed for this call
 * @param <T> the value type
 */
public record CachedValue<T>(T value, boolean hit) {}
