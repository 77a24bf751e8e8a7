package dev.bulwark.test.contract;

import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;

/**
 * The {@link CacheStore} contract, run against core's in-memory store on a manual clock. It lives here, not in core:
 * the kit depends on core, so core's own tests cannot use the kit.
 */
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
