package dev.bulwark.core.internal.business.caching;

/**
 * How the {@link ResultCache} turns values into stored text and back, and which values are worth storing (an
 * error result never is). Implementations must be thread-safe.
 *
 * @param <T> the value type
 */
public interface CacheCodec<T> {

    String encode(T value);

    /** The value, or {@code null} when the stored text cannot be read (it is then recomputed). */
    T decode(String text);

    boolean isCacheable(T value);
}
