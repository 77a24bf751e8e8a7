package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.ALICE;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.BOB;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.RateLimitExceededException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.business.ratelimit.ToolRateLimiter;
import dev.bulwark.core.internal.data.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.core.internal.data.ratelimit.RateLimitGateway;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each (principal, tool) draws from its own token bucket; past the burst the call is refused. */
class RateLimitInterceptorTest {

    private final ManualTicker ticker = new ManualTicker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RateLimitInterceptor interceptor = new RateLimitInterceptor(
            new ToolRateLimiter(RateLimitGateway.local(new InMemoryRateLimitStore(ticker)), registry),
            RateLimit.perMinute(3));
    private final AtomicInteger nextCalls = new AtomicInteger();
    private final Tool<?, ?> twoPerMinute = echo(b -> b.rateLimit(RateLimit.perMinute(2)));

    private CallToolResult call(Tool<?, ?> tool, Principal principal) {
        return SyncCalls.run(interceptor, invocation(tool, echoArgs("hi"), principal), inv -> {
            nextCalls.incrementAndGet();
            return textResult("ok");
        });
    }

    @Test
    void letsCallsThroughUpToTheBurst() {
        call(twoPerMinute, ALICE);
        call(twoPerMinute, ALICE);

        assertThat(nextCalls).hasValue(2);
    }

    @Test
    void rejectsPastTheLimitWithoutCallingTheChain() {
        call(twoPerMinute, ALICE);
        call(twoPerMinute, ALICE);

        assertThatThrownBy(() -> call(twoPerMinute, ALICE))
                .isInstanceOfSatisfying(
                        RateLimitExceededException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(66)));
        assertThat(nextCalls).hasValue(2);
    }

    @Test
    void countsTheRejectionForTheTool() {
        call(twoPerMinute, ALICE);
        call(twoPerMinute, ALICE);
        assertThatThrownBy(() -> call(twoPerMinute, ALICE)).isInstanceOf(RateLimitExceededException.class);

        assertThat(registry.get("mcp.rate.limited")
                        .tag("tool", "echo")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aToolThatIsNotRateLimitedTakesNothingFromAnyBudget() {
        Tool<?, ?> probe = echo(b -> b.rateLimit(RateLimit.perMinute(1)).notRateLimited());

        for (int i = 0; i < 10; i++) {
            call(probe, ALICE);
        }
        call(twoPerMinute, ALICE);
        call(twoPerMinute, ALICE);

        assertThat(probe.rateLimited()).isFalse();
        assertThat(probe.rateLimit()).isEmpty();
        assertThat(nextCalls).hasValue(12);
    }

    @Test
    void anotherPrincipalHasItsOwnBudget() {
        call(twoPerMinute, ALICE);
        call(twoPerMinute, ALICE);

        call(twoPerMinute, BOB);

        assertThat(nextCalls).hasValue(3);
    }

    @Test
    void budgetComesBackOnceTheCallsHaveLeftTheWindow() {
        call(twoPerMinute, ALICE);
        call(twoPerMinute, ALICE);
        ticker.advance(Duration.ofSeconds(30));
        // two a minute means two in any minute: half a minute later the window still holds both
        assertThatThrownBy(() -> call(twoPerMinute, ALICE)).isInstanceOf(RateLimitExceededException.class);
        ticker.advance(Duration.ofSeconds(36));

        call(twoPerMinute, ALICE);

        assertThat(nextCalls).hasValue(3);
    }

    @Test
    void toolWithoutItsOwnLimitGetsTheServerDefault() {
        Tool<?, ?> plain = echo();
        call(plain, ALICE);
        call(plain, ALICE);
        call(plain, ALICE);

        assertThatThrownBy(() -> call(plain, ALICE)).isInstanceOf(RateLimitExceededException.class);
    }

    @Test
    void withTracingOffTheDecisionRunsInTheCallersContextWithNoSpan() {
        ContextWitnessStore store = new ContextWitnessStore(new InMemoryRateLimitStore(ticker));
        RateLimitInterceptor untraced = new RateLimitInterceptor(
                new ToolRateLimiter(RateLimitGateway.local(store), registry),
                RateLimit.perMinute(3),
                null,
                false,
                OpenTelemetry.noop().getTracer("dev.bulwark.core"));
        Context caller = Context.current();

        SyncCalls.run(untraced, invocation(echo(), echoArgs("hi"), ALICE), inv -> textResult("ok"));

        assertThat(store.seen).singleElement().isSameAs(caller);
    }

    @Test
    void withTracingOnEachDecisionIsOneSpan() {
        Tracer noop = OpenTelemetry.noop().getTracer("dev.bulwark.core");
        List<String> spans = new ArrayList<>();
        Tracer counting = name -> {
            spans.add(name);
            return noop.spanBuilder(name);
        };
        RateLimitInterceptor traced = new RateLimitInterceptor(
                new ToolRateLimiter(RateLimitGateway.local(new InMemoryRateLimitStore(ticker)), registry),
                RateLimit.perMinute(3),
                null,
                false,
                counting);

        SyncCalls.run(traced, invocation(echo(), echoArgs("hi"), ALICE), inv -> textResult("ok"));
        SyncCalls.run(traced, invocation(echo(), echoArgs("hi"), ALICE), inv -> textResult("ok"));

        assertThat(spans).containsExactly(RateLimitInterceptor.SPAN_NAME, RateLimitInterceptor.SPAN_NAME);
    }

    /** A store that notes the context each decision is taken in. */
    static final class ContextWitnessStore implements RateLimitStore {
        final List<Context> seen = new ArrayList<>();
        private final RateLimitStore delegate;

        ContextWitnessStore(RateLimitStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public RateLimitDecision tryAcquire(String key, RateLimit limit) {
            seen.add(Context.current());
            return delegate.tryAcquire(key, limit);
        }
    }
}
