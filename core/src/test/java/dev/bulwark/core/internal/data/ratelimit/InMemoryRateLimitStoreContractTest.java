package dev.bulwark.core.internal.data.ratelimit;

import dev.bulwark.ports.contract.RateLimitStoreContract;
import dev.bulwark.ports.fakes.ManualTicker;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import java.time.Duration;

/** The {@link RateLimitStore} contract, run against the in-memory token buckets on a manual clock. */
class InMemoryRateLimitStoreContractTest extends RateLimitStoreContract {

    private final ManualTicker ticker = new ManualTicker();

    @Override
    protected RateLimitStore createStore() {
        return new InMemoryRateLimitStore(ticker);
    }

    @Override
    protected void advanceTime(Duration duration) {
        ticker.advance(duration);
    }
}
