package dev.bulwark.core.internal.data.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A broken shared store degrades the limit to this instance's share, never to "unlimited" and never to a whole fresh
 * budget.
 */
class RateLimitGatewayTest {

    private static final RateLimit TWO_PER_MINUTE = RateLimit.perMinute(2);
    private static final RateLimit TEN_PER_MINUTE = RateLimit.perMinute(10);

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
        RateLimitGateway gateway = new RateLimitGateway(new SwitchableStore(false), local);

        RateLimitDecision decision = gateway.decide("k", TWO_PER_MINUTE);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.remaining()).isEqualTo(1);
    }

    @Test
    void stillRejectsPastTheLocalLimitWhenThePrimaryFails() {
        RateLimitGateway gateway = new RateLimitGateway(new SwitchableStore(false), local);
        gateway.decide("k", TWO_PER_MINUTE);
        gateway.decide("k", TWO_PER_MINUTE);

        RateLimitDecision third = gateway.decide("k", TWO_PER_MINUTE);

        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfter()).isPositive();
    }

    @Test
    void theLocalFallbackGrantsOnlyItsShareOfTheLimit() {
        RateLimitGateway gateway = new RateLimitGateway(new SwitchableStore(false), local, ticker, 0.5);

        assertThat(allowedOf(gateway, 30)).as("half of ten a minute").isEqualTo(5);
    }

    @Test
    void aFallbackInTheMiddleOfAWindowGoesOnFromWhatThisInstanceAlreadySpent() {
        SwitchableStore shared = new SwitchableStore(true);
        RateLimitGateway gateway = new RateLimitGateway(shared, local, ticker, 0.5);
        assertThat(allowedOf(gateway, 4)).as("accepted by the shared store").isEqualTo(4);

        shared.working.set(false);

        assertThat(allowedOf(gateway, 30))
                .as("the share of five, four of them already spent")
                .isEqualTo(1);
    }

    @Test
    void aLocalOnlyGatewayPassesTheStoreFailureOn() {
        RateLimitGateway gateway = RateLimitGateway.local(new SwitchableStore(false));

        assertThatThrownBy(() -> gateway.decide("k", TWO_PER_MINUTE))
                .isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void aLocalOnlyGatewayGrantsTheWholeLimit() {
        RateLimitGateway gateway = RateLimitGateway.local(local);

        assertThat(allowedOf(gateway, 30)).isEqualTo(10);
    }

    @Test
    void aWindowThatSpansTheOutagesEndHoldsAtMostTheLimitOnceTheSharedStoreAnswersAgain() {
        SharedWindows shared = new SharedWindows();
        RateLimitGateway gateway = new RateLimitGateway(shared, local, ticker, 0.5);
        assertThat(allowedOf(gateway, 2)).as("accepted by the shared store").isEqualTo(2);
        shared.down = true;
        assertThat(allowedOf(gateway, 30))
                .as("this instance's share of five, two spent")
                .isEqualTo(3);

        shared.down = false;

        assertThat(allowedOf(gateway, 30))
                .as("ten a minute, five of them spent: two shared, three alone")
                .isEqualTo(5);
    }

    @Test
    void whileTheSharedStoreStillFailsNoDecisionTriesToHandTheCallsOver() {
        SharedWindows shared = new SharedWindows();
        RateLimitGateway gateway = new RateLimitGateway(shared, local, ticker, 0.5);
        shared.down = true;

        assertThat(allowedOf(gateway, 30)).isEqualTo(5);

        assertThat(shared.handOverAttempts.get())
                .as("one failure a decision, not two")
                .isZero();
    }

    @Test
    void callsDecidedAloneThatCountNoMoreAreNotHandedOver() {
        SharedWindows shared = new SharedWindows();
        RateLimitGateway gateway = new RateLimitGateway(shared, local, ticker, 0.5);
        shared.down = true;
        assertThat(allowedOf(gateway, 30)).isEqualTo(5);
        ticker.advance(Duration.ofSeconds(67)); // a window and a slot
        shared.down = false;

        assertThat(allowedOf(gateway, 30)).isEqualTo(10);
        assertThat(shared.handedOver).as("nothing left to hand over").isEmpty();
    }

    @Test
    void aDecisionOfAnotherWindowHandsOverTheCallsDecidedAloneOfAFewOthers() {
        SharedWindows shared = new SharedWindows();
        RateLimitGateway gateway = new RateLimitGateway(shared, local, ticker, 0.5);
        shared.down = true;
        allowedOf(gateway, 30);
        shared.down = false;

        gateway.decide("other", TEN_PER_MINUTE);

        assertThat(shared.handedOver).containsExactly("k");
        assertThat(shared.windows.tryAcquire("k", TEN_PER_MINUTE).remaining())
                .as("five alone, this one")
                .isEqualTo(4);
    }

    @Test
    void callsThatCouldNotBeHandedOverAreKeptAndTheirDecisionIsLocal() {
        SharedWindows shared = new SharedWindows();
        RateLimitGateway gateway = new RateLimitGateway(shared, local, ticker, 0.5);
        shared.down = true;
        assertThat(allowedOf(gateway, 3)).isEqualTo(3);
        shared.down = false;
        shared.handOversFail = true;
        assertThat(gateway.decide("other", TEN_PER_MINUTE).allowed())
                .as("the shared store answers again")
                .isTrue();

        assertThat(gateway.decideApplying("k", TEN_PER_MINUTE).applied())
                .as("the local share decided")
                .isEqualTo(TEN_PER_MINUTE.share(0.5));
        shared.handOversFail = false;

        assertThat(allowedOf(gateway, 30)).as("ten a minute, four spent alone").isEqualTo(6);
    }

    @Test
    void aCachedCallsDecisionHandsTheCallsDecidedAloneOverToo() {
        SharedWindows shared = new SharedWindows();
        RateLimitGateway gateway = new RateLimitGateway(
                shared,
                local,
                ticker,
                0.5,
                (key, limit, cacheKey) -> new dev.bulwark.ports.ratelimit.RateLimitedRead.DecisionAndRead(
                        shared.tryAcquire(key, limit), java.util.Optional.empty()));
        shared.down = true;
        assertThat(allowedOf(gateway, 30)).isEqualTo(5);
        shared.down = false;

        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            allowed += gateway.decideAndRead("k", TEN_PER_MINUTE, "cache-key")
                            .decision()
                            .allowed()
                    ? 1
                    : 0;
        }

        assertThat(allowed).isEqualTo(5);
    }

    private static int allowedOf(RateLimitGateway gateway, int calls) {
        int allowed = 0;
        for (int i = 0; i < calls; i++) {
            allowed += gateway.decide("k", TEN_PER_MINUTE).allowed() ? 1 : 0;
        }
        return allowed;
    }

    /** A shared store with real windows on the test's clock, whose backend can be made unreachable. */
    private final class SharedWindows implements RateLimitStore {
        final InMemoryRateLimitStore windows = new InMemoryRateLimitStore(ticker);
        final List<String> handedOver = new CopyOnWriteArrayList<>();
        final AtomicInteger handOverAttempts = new AtomicInteger();
        volatile boolean down;
        volatile boolean handOversFail;

        @Override
        public RateLimitDecision tryAcquire(String key, RateLimit limit) {
            if (down) {
                throw new DependencyUnavailableException("redis", "connection refused");
            }
            return windows.tryAcquire(key, limit);
        }

        @Override
        public boolean addAccepted(String key, RateLimit limit, List<Duration> acceptedAgo) {
            handOverAttempts.incrementAndGet();
            if (down || handOversFail) {
                throw new DependencyUnavailableException("redis", "connection refused");
            }
            handedOver.add(key);
            return windows.addAccepted(key, limit, acceptedAgo);
        }
    }

    /** A shared store that accepts everything while it works, and whose backend is unreachable when it does not. */
    private static final class SwitchableStore implements RateLimitStore {
        final AtomicBoolean working;

        SwitchableStore(boolean working) {
            this.working = new AtomicBoolean(working);
        }

        @Override
        public RateLimitDecision tryAcquire(String key, RateLimit limit) {
            if (!working.get()) {
                throw new DependencyUnavailableException("redis", "connection refused");
            }
            return RateLimitDecision.allow(limit.capacity());
        }
    }
}
