package dev.bulwark.test.contract;

import dev.bulwark.core.internal.data.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;

/**
 * The {@link RateLimitStore} contract, run against core's in-memory token buckets on a manual clock. It lives here,
 * not in core: the kit depends on core, so core's own tests cannot use the kit.
 */
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
