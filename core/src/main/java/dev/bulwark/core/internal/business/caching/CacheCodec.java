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

    /**
     * Whether calls that waited for the one that computed {@code value} may be answered with it; when not, each
     * computes its own ({@link ResultCache.NotShared}). Yes unless the value belongs to its own caller alone.
     */
    default boolean isShareable(T value) {
        return true;
    }

    /**
     * Whether calls that waited for one that failed may fail with its failure; when not, each computes its own
     * ({@link ResultCache.NotShared}). Yes unless the failure may be its own caller's alone (its handler asked its
     * client, whose answer or lack of one the failure may reflect).
     */
    default boolean isFailureShareable() {
        return true;
    }
}
