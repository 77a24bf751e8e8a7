package dev.bulwark.core.internal.data.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calls accepted alone are kept per window, bounded, and handed over with how long ago each was accepted. */
class CallsDecidedAloneTest {

    private static final RateLimit TEN_PER_MINUTE = RateLimit.perMinute(10);

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void eachCallIsHandedOverWithHowLongAgoItWasAccepted() {
        CallsDecidedAlone alone = new CallsDecidedAlone(ticker, 10);
        List<Duration> handed = new ArrayList<>();
        RateLimitStore store = recording(handed);
        alone.accepted("k", TEN_PER_MINUTE);
        ticker.advance(Duration.ofSeconds(20));
        alone.accepted("k", TEN_PER_MINUTE);
        ticker.advance(Duration.ofSeconds(5));

        alone.handOver("k", store);

        assertThat(handed).containsExactly(Duration.ofSeconds(25), Duration.ofSeconds(5));
        assertThat(alone.windows()).isZero();
    }

    @Test
    void callsThatLeftTheirWindowAreDroppedAsNewOnesCome() {
        CallsDecidedAlone alone = new CallsDecidedAlone(ticker, 10);
        List<Duration> handed = new ArrayList<>();
        alone.accepted("k", TEN_PER_MINUTE);
        ticker.advance(Duration.ofSeconds(67)); // a window and a slot
        alone.accepted("k", TEN_PER_MINUTE);

        alone.handOver("k", recording(handed));

        assertThat(handed).containsExactly(Duration.ZERO);
    }

    @Test
    void atMostMaxWindowsAreKeptAndWindowsThatCountNoMoreMakeRoom() {
        CallsDecidedAlone alone = new CallsDecidedAlone(ticker, 2);
        alone.accepted("a", TEN_PER_MINUTE);
        alone.accepted("b", TEN_PER_MINUTE);
        alone.accepted("c", TEN_PER_MINUTE);
        assertThat(alone.windows()).isEqualTo(2);

        ticker.advance(Duration.ofSeconds(67));
        alone.accepted("d", TEN_PER_MINUTE);

        assertThat(alone.windows()).isEqualTo(1);
    }

    @Test
    void aStoreThatCannotCountThemEndsTheKeeping() {
        CallsDecidedAlone alone = new CallsDecidedAlone(ticker, 10);
        RateLimitStore cannotCount = (key, limit) -> RateLimitDecision.allow(1);
        alone.accepted("a", TEN_PER_MINUTE);
        alone.accepted("b", TEN_PER_MINUTE);

        alone.handOver("a", cannotCount);
        alone.accepted("c", TEN_PER_MINUTE);

        assertThat(alone.windows())
                .as("nothing kept that could never be handed over")
                .isZero();
    }

    @Test
    void handingOverSomeStopsAtMostAndAtTheFirstFailure() {
        CallsDecidedAlone alone = new CallsDecidedAlone(ticker, 10);
        for (String key : List.of("a", "b", "c", "d")) {
            alone.accepted(key, TEN_PER_MINUTE);
        }
        alone.handOverSome(recording(new ArrayList<>()), 3);
        assertThat(alone.windows()).isEqualTo(1);

        alone.handOverSome(
                new RateLimitStore() {
                    @Override
                    public RateLimitDecision tryAcquire(String key, RateLimit limit) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public boolean addAccepted(String key, RateLimit limit, List<Duration> acceptedAgo) {
                        throw new dev.bulwark.ports.DependencyUnavailableException("redis", "connection refused");
                    }
                },
                3);

        assertThat(alone.windows()).as("kept again").isEqualTo(1);
    }

    private static RateLimitStore recording(List<Duration> handed) {
        return new RateLimitStore() {
            @Override
            public RateLimitDecision tryAcquire(String key, RateLimit limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean addAccepted(String key, RateLimit limit, List<Duration> acceptedAgo) {
                handed.addAll(acceptedAgo);
                return true;
            }
        };
    }
}
