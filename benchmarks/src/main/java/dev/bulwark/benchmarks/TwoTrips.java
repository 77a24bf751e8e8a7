package dev.bulwark.benchmarks;

import dev.bulwark.ports.cache.CacheStore;
import java.time.Duration;
import java.util.Optional;

/**
 * Hides a cache store behind a plain {@link CacheStore}, so that the rate-limit store does not recognise it and cannot
 * read it in the same round trip as its decision: the core then makes two calls per cached call instead of one. For
 * comparing the two in one run.
 */
final class TwoTrips {

    private TwoTrips() {
    }

    static CacheStore hide(CacheStore store) {
        return new CacheStore() {
            @Override
            public Optional<String> get(String key) {
                return store.get(key);
            }

            @Override
            public void put(String key, String value, Duration ttl) {
                store.put(key, value, ttl);
            }

            @Override
            public void invalidate(String key) {
                store.invalidate(key);
            }
        };
    }
}
