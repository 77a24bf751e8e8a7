package dev.bulwark.core.internal.data.cache;

import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.contract.CacheStoreContract;
import dev.bulwark.ports.fakes.ManualTicker;
import java.time.Duration;

/** The {@link CacheStore} contract, run against the in-memory store on a manual clock. */
class InMemoryCacheStoreContractTest extends CacheStoreContract {

    private final ManualTicker ticker = new ManualTicker();

    @Override
    protected CacheStore createStore() {
        return new InMemoryCacheStore(1_000, ticker);
    }

    @Override
    protected void advanceTime(Duration duration) {
        ticker.advance(duration);
    }
}
