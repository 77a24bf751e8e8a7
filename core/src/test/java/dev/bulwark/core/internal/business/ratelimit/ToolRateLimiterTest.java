package dev.bulwark.core.internal.business.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.RateLimitExceededException;
import dev.bulwark.core.internal.data.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.core.internal.data.ratelimit.RateLimitGateway;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One budget per (principal, tool); a rejection says when to retry and is counted. */
class ToolRateLimiterTest {

    private static final RateLimit ONE_PER_MINUTE = RateLimit.perMinute(1);
    private static final Principal ALICE = Principal.of("alice");
    private static final Principal BOB = Principal.of("bob");

    private final ManualTicker ticker = new ManualTicker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ToolRateLimiter limiter =
            new ToolRateLimiter(RateLimitGateway.local(new InMemoryRateLimitStore(ticker)), registry);

    @Test
    void rejectsPastTheBudgetSayingWhenToRetry() {
        limiter.acquire(ALICE, "search", ONE_PER_MINUTE);

        RateLimitExceededException rejection = catchThrowableOfType(
                RateLimitExceededException.class, () -> limiter.acquire(ALICE, "search", ONE_PER_MINUTE));

        assertThat(rejection.tool()).isEqualTo("search");
        assertThat(rejection.limit()).isEqualTo(ONE_PER_MINUTE);
        // the call at 0 s fell in the slot 0 s to 6 s, which counts until 66 s: a window and at most a slot
        assertThat(rejection.retryAfter()).isEqualTo(Duration.ofSeconds(66));
        assertThat(rejection.getMessage()).contains("search", "1 calls per minute", "Retry after 66.0 s");
    }

    @Test
    void duringAnOutageOfTheSharedStoreARejectionQuotesThisInstancesShareOfTheLimit() {
        dev.bulwark.ports.ratelimit.RateLimitStore down = (key, limit) -> {
            throw new dev.bulwark.ports.DependencyUnavailableException("redis", "redis rate_limit failed: refused");
        };
        ToolRateLimiter sharing = new ToolRateLimiter(
                new RateLimitGateway(down, new InMemoryRateLimitStore(ticker), ticker, 0.5), registry);
        RateLimit fourPerMinute = RateLimit.perMinute(4);
        sharing.acquire(ALICE, "search", fourPerMinute);
        sharing.acquire(ALICE, "search", fourPerMinute);

        RateLimitExceededException rejection = catchThrowableOfType(
                RateLimitExceededException.class, () -> sharing.acquire(ALICE, "search", fourPerMinute));

        assertThat(rejection.limit().permits()).isEqualTo(2);
        assertThat(rejection.getMessage()).contains("2 calls per minute").doesNotContain("4 calls");
    }

    @Test
    void countsRejectionsPerTool() {
        limiter.acquire(ALICE, "search", ONE_PER_MINUTE);
        assertThatThrownBy(() -> limiter.acquire(ALICE, "search", ONE_PER_MINUTE))
                .isInstanceOf(RateLimitExceededException.class);

        assertThat(registry.get("mcp.rate.limited")
                        .tag("tool", "search")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void eachPrincipalHasItsOwnBudget() {
        limiter.acquire(ALICE, "search", ONE_PER_MINUTE);

        assertThatCode(() -> limiter.acquire(BOB, "search", ONE_PER_MINUTE)).doesNotThrowAnyException();
    }

    @Test
    void oneSubjectHasOneBudgetWhateverScopesItHolds() {
        limiter.acquire(ALICE, "search", ONE_PER_MINUTE);

        assertThatThrownBy(() -> limiter.acquire(Principal.of("alice", "search:read"), "search", ONE_PER_MINUTE))
                .isInstanceOf(RateLimitExceededException.class);
    }

    @Test
    void eachToolHasItsOwnBudget() {
        limiter.acquire(ALICE, "search", ONE_PER_MINUTE);

        assertThatCode(() -> limiter.acquire(ALICE, "fetch", ONE_PER_MINUTE)).doesNotThrowAnyException();
    }

    @Test
    void budgetComesBackOnceTheCallHasLeftTheWindow() {
        limiter.acquire(ALICE, "search", ONE_PER_MINUTE);
        ticker.advance(Duration.ofSeconds(66));

        assertThatCode(() -> limiter.acquire(ALICE, "search", ONE_PER_MINUTE)).doesNotThrowAnyException();
    }
}
