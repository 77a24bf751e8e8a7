package dev.bulwark.bootstrap.wiring;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.data.cache.InMemoryCacheStore;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.time.Ticker;
import javax.inject.Singleton;

/**
 * The embedded defaults: the response cache in this process's memory, and no shared rate-limit store (the core's
 * local token buckets decide). The Redis module replaces this one when {@code REDIS_URL} is set.
 */
@Module
public interface InMemoryStoresModule {

    @Provides
    @Singleton
    static CacheStore cacheStore(BulwarkConfig config, Ticker ticker) {
        return new InMemoryCacheStore(config.cache().maxEntries(), ticker);
    }

    /** A shared rate-limit store, bound by a module that has one. */
    @BindsOptionalOf
    RateLimitStore sharedRateLimitStore();
}
