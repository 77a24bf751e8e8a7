package dev.bulwark.bootstrap.wiring;

import dev.bulwark.ports.cache.CacheStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a shared {@link CacheStore} that only one database's server instances use.
 */
final class PartitionedCacheStore implements CacheStore {

    private final CacheStore shared;
    private final String partition;

    PartitionedCacheStore(CacheStore shared, String databaseIdentity) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.partition = "db:" + Objects.requireNonNull(databaseIdentity, "databaseIdentity") + ":";
    }

    @Override
    public Optional<String> get(String key) {
        return shared.get(partition + key);
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        shared.put(partition + key, value, ttl);
    }

    @Override
    public void invalidate(String key) {
        shared.invalidate(partition + key);
    }
}
