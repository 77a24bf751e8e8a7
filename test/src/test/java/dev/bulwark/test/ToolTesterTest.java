package dev.bulwark.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tester runs a tool through the real pipeline and reports its result or its error type. */
class ToolTesterTest {

    record Name(String name) {}

    record Greeting(String message, String caller) {}

    private static final Tool<Name, Greeting> GREET = Tool.builder("greet", Name.class, Greeting.class)
            .description("Greets someone")
            .requiredScopes("greetings:read")
            .handler((input, context) -> ToolResult.of(
                    new Greeting(
                            "Hello, " + input.name() + "!", context.principal().subject()),
                    "Hello, " + input.name() + "!"))
            .build();

    /** Refuses every call with a conflict of its own type. */
    static final class Taken extends ToolException {
        private static final long serialVersionUID = 1L;

        Taken(String name) {
            super(name + " is taken");
        }

        @Override
        public String errorType() {
            return "conflict";
        }
    }

    private static Tool<Name, Greeting> failing(RuntimeException failure) {
        return Tool.builder("fail", Name.class, Greeting.class)
                .description("Fails")
                .handler((input, context) -> {
                    throw failure;
                })
                .build();
    }

    @Test
    void aSuccessfulCallReturnsTheToolsValueAndText() {
        try (ToolTester tester = ToolTester.of(GREET)) {
            CallOutcome<Greeting> outcome = tester.call(GREET, new Name("Ada"));

            assertThat(outcome.success()).isTrue();
            assertThat(outcome.value()).isEqualTo(new Greeting("Hello, Ada!", "tester"));
            assertThat(outcome.structured()).isEqualTo(Map.of("message", "Hello, Ada!", "caller", "tester"));
            assertThat(outcome.text()).isEqualTo("Hello, Ada!");
            assertThat(outcome.errorType()).isNull();
        }
    }

    @Test
    void aCallByNameTakesTheArgumentsAClientSends() {
        try (ToolTester tester = ToolTester.of(GREET)) {
            CallOutcome<Object> outcome = tester.call("greet", Map.of("name", "Ada"));

            assertThat(outcome.success()).isTrue();
            assertThat(outcome.value()).isEqualTo(Map.of("message", "Hello, Ada!", "caller", "tester"));
        }
    }

    @Test
    void theDefaultCallerHoldsExactlyTheScopesTheToolRequires() {
        Tool<Name, Greeting> whoAmI = Tool.builder("who_am_i", Name.class, Greeting.class)
                .description("Names the caller's scopes")
                .requiredScopes("a", "b")
                .handler((input, context) -> ToolResult.of(new Greeting(
                        String.join(
                                ",", new java.util.TreeSet<>(context.principal().scopes())),
                        context.principal().subject())))
                .build();
        try (ToolTester tester = ToolTester.of(whoAmI)) {
            assertThat(tester.call(whoAmI, new Name("x")).value()).isEqualTo(new Greeting("a,b", "tester"));
        }
    }

    @Test
    void aCallerWithoutTheRequiredScopeIsPermissionDenied() {
        try (ToolTester tester = ToolTester.of(GREET)) {
            CallOutcome<Greeting> outcome = tester.caller("bob", "other:read").call(GREET, new Name("Ada"));

            assertThat(outcome.success()).isFalse();
            assertThat(outcome.errorType()).isEqualTo("permission_denied");
            assertThat(outcome.text()).contains("greetings:read");
        }
    }

    @Test
    void aChosenCallerWithTheScopeIsTheCallersPrincipal() {
        try (ToolTester tester = ToolTester.of(GREET)) {
            CallOutcome<Greeting> outcome =
                    tester.caller("alice", "greetings:read").call(GREET, new Name("Ada"));

            assertThat(outcome.value().caller()).isEqualTo("alice");
        }
    }

    @Test
    void argumentsThatDoNotFitTheSchemaAreInvalidArgumentsNamingTheField() {
        try (ToolTester tester = ToolTester.of(GREET)) {
            CallOutcome<Greeting> outcome = tester.call(GREET, Map.of("name", 42, "extra", true));

            assertThat(outcome.errorType()).isEqualTo("invalid_arguments");
            assertThat(outcome.text()).contains("$.name");
        }
    }

    @Test
    void aToolExceptionEndsTheCallWithItsOwnErrorTypeAndMessage() {
        Tool<Name, Greeting> taken = failing(new Taken("Ada"));
        try (ToolTester tester = ToolTester.of(taken)) {
            CallOutcome<Greeting> outcome = tester.call(taken, new Name("Ada"));

            assertThat(outcome.errorType()).isEqualTo("conflict");
            assertThat(outcome.text()).isEqualTo("Ada is taken");
        }
    }

    @Test
    void aPlainToolExceptionIsAToolError() {
        Tool<Name, Greeting> refused = failing(new ToolException("no such name"));
        try (ToolTester tester = ToolTester.of(refused)) {
            assertThat(tester.call(refused, new Name("Ada")).errorType()).isEqualTo("tool_error");
        }
    }

    @Test
    void anyOtherExceptionIsAnInternalErrorWithoutItsMessage() {
        Tool<Name, Greeting> broken = failing(new IllegalStateException("secret detail"));
        try (ToolTester tester = ToolTester.of(broken)) {
            CallOutcome<Greeting> outcome = tester.call(broken, new Name("Ada"));

            assertThat(outcome.errorType()).isEqualTo("internal");
            assertThat(outcome.text()).doesNotContain("secret detail").contains("test-");
        }
    }

    @Test
    void theValueOfAFailedCallIsRefusedWithTheError() {
        try (ToolTester tester = ToolTester.of(GREET)) {
            CallOutcome<Greeting> outcome = tester.caller("bob").call(GREET, new Name("Ada"));

            assertThatThrownBy(outcome::value)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("permission_denied");
        }
    }

    @Test
    void aCachedToolsSecondCallIsServedFromTheCache() {
        AtomicInteger runs = new AtomicInteger();
        Tool<Name, Greeting> cached = Tool.builder("cached", Name.class, Greeting.class)
                .description("Counts its runs")
                .cache(CachePolicy.shared())
                .handler((input, context) -> ToolResult.of(new Greeting("run " + runs.incrementAndGet(), "")))
                .build();
        try (ToolTester tester = ToolTester.of(cached)) {
            CallOutcome<Greeting> first = tester.call(cached, new Name("Ada"));
            CallOutcome<Greeting> second = tester.call(cached, new Name("Ada"));

            assertThat(first.cache()).isEqualTo("miss");
            assertThat(second.cache()).isEqualTo("hit");
            assertThat(second.value()).isEqualTo(first.value());
            assertThat(runs).hasValue(1);
        }
    }

    @Test
    void aCallOverTheToolsRateLimitIsRateLimited() {
        Tool<Name, Greeting> once = Tool.builder("once", Name.class, Greeting.class)
                .description("Once a minute")
                .rateLimit(RateLimit.perMinute(1))
                .handler((input, context) -> ToolResult.of(new Greeting("ok", "")))
                .build();
        try (ToolTester tester = ToolTester.of(once)) {
            assertThat(tester.call(once, new Name("Ada")).success()).isTrue();
            assertThat(tester.call(once, new Name("Ada")).errorType()).isEqualTo("rate_limited");
        }
    }

    @Test
    void aHandlerOverItsTimeoutIsATimeout() {
        Tool<Name, Greeting> slow = Tool.builder("slow", Name.class, Greeting.class)
                .description("Sleeps")
                .readOnly(true)
                .timeout(Duration.ofMillis(50))
                .handler((input, context) -> {
                    new CountDownLatch(1).await(); // never released: only the interrupt at its timeout ends it
                    return ToolResult.of(new Greeting("late", ""));
                })
                .build();
        try (ToolTester tester = ToolTester.of(slow)) {
            assertThat(tester.call(slow, new Name("Ada")).errorType()).isEqualTo("timeout");
        }
    }

    @Test
    void anUnregisteredToolIsRefusedNamingTheRegisteredOnes() {
        try (ToolTester tester = ToolTester.of(GREET)) {
            assertThatThrownBy(() -> tester.call("nope", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nope")
                    .hasMessageContaining("[greet]");
        }
    }

    @Test
    void aTesterOfABulwarkRunsItsPacksToolsAndClosesIt() {
        ExecutorService executor = Executors.newCachedThreadPool();
        Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .pack(pack -> pack.tool(GREET))
                .toolExecutor(executor)
                .build();
        try (ToolTester tester = ToolTester.of(bulwark)) {
            assertThat(tester.call("greet", Map.of("name", "Ada")).success()).isTrue();
        }

        assertThat(executor.isShutdown()).isTrue();
    }
}
