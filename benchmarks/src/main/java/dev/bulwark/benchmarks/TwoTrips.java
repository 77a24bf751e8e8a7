package dev.bulwark.benchmarks;

import dev.bulwark.ports.cache.CacheStore;
import java.time.Duration;
import java.util.Optional;

/**
 * Hides a cache store from the rate-limit store, so a cached call takes two round trips.
 */
final class TwoTrips {

    private TwoTrips() {}

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
