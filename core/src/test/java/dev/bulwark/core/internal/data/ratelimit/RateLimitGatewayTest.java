package dev.bulwark.core.internal.data.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.core.internal.testing.ManualTicker;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import org.junit.jupiter.api.Test;

/** A broken shared store degrades the limit to per-instance, never to "unlimited". */
class RateLimitGatewayTest {

    private static final RateLimit TWO_PER_MINUTE = RateLimit.perMinute(2);

    private final ManualTicker ticker = new ManualTicker();
    private final InMemoryRateLimitStore local = new InMemoryRateLimitStore(ticker);

    @Test
    void asksThePrimaryStoreWhileItWorks() {
        InMemoryRateLimitStore primary = new InMemoryRateLimitStore(ticker);
        RateLimitGateway gateway = new RateLimitGateway(primary, local);
        primary.tryAcquire("k", TWO_PER_MINUTE);
        primary.tryAcquire("k", TWO_PER_MINUTE);

        // the primary's budget is spent; the untouched local store would have allowed it
        assertThat(gateway.decide("k", TWO_PER_MINUTE).allowed()).isFalse();
    }

    @Test
    void letsTheLocalStoreDecideWhenThePrimaryFails() {
        RateLimitGateway gateway = new RateLimitGateway(new FailingRateLimitStore(), local);

        RateLimitDecision decision = gateway.decide("k", TWO_PER_MINUTE);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.remaining()).isEqualTo(1);
    }

    @Test
    void stillRejectsPastTheLocalBurstWhenThePrimaryFails() {
        RateLimitGateway gateway = new RateLimitGateway(new FailingRateLimitStore(), local);
        gateway.decide("k", TWO_PER_MINUTE);
        gateway.decide("k", TWO_PER_MINUTE);

        RateLimitDecision third = gateway.decide("k", TWO_PER_MINUTE);

        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfter()).isPositive();
    }

    @Test
    void aLocalOnlyGatewayPassesTheStoreFailureOn() {
        RateLimitGateway gateway = RateLimitGateway.local(new FailingRateLimitStore());

        assertThatThrownBy(() -> gateway.decide("k", TWO_PER_MINUTE))
                .isInstanceOf(DependencyUnavailableException.class);
    }

    /** A shared store whose backend is unreachable. */
    private static final class FailingRateLimitStore implements RateLimitStore {
        @Override
        public RateLimitDecision tryAcquire(String key, RateLimit limit) {
            throw new DependencyUnavailableException("redis", "connection refused");
        }
    }
}
