package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.ports.time.Ticker;
import javax.inject.Singleton;

/**
 * The embedded stores: the response cache in this process's memory (the core's local token buckets need no
 * module). {@link StoresModule} uses it when no shared store is configured.
 */
@Module
interface InMemoryStoresModule {

    @Provides
    @Singleton
    static InMemoryCacheStore inMemoryCacheStore(BulwarkConfig config, Ticker ticker) {
        return new InMemoryCacheStore(config.cache().maxEntries(), ticker);
    }
}
