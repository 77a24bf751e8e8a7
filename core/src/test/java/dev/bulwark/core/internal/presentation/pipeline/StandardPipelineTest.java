package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.ALICE;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.LoggingSettings;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.CanonicalJson;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.core.internal.business.ratelimit.ToolRateLimiter;
import dev.bulwark.core.internal.data.cache.CacheGateway;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.core.internal.data.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.core.internal.data.ratelimit.RateLimitGateway;
import dev.bulwark.core.internal.testing.FakeCallContext;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standard pipeline end to end, with real in-memory parts around a real tool. */
class StandardPipelineTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ManualTicker ticker = new ManualTicker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger handlerRuns = new AtomicInteger();
    private final AuditLogCapture audit = new AuditLogCapture();

    @BeforeEach
    void captureAuditLog() {
        audit.start();
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        audit.stop();
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    private ToolPipeline pipeline(BulwarkConfig config) {
        return StandardPipeline.create(
                config,
                new ToolRateLimiter(RateLimitGateway.local(new InMemoryRateLimitStore(ticker)), registry),
                new ResultCache(new CacheGateway(new InMemoryCacheStore(100, ticker), registry)),
                new CacheKeys(new CanonicalJson(mapper)),
                mapper,
                registry,
                ticker,
                executor);
    }

    private ToolPipeline pipeline() {
        return pipeline(BulwarkConfig.defaults());
    }

    private Tool<?, ?> countingEcho() {
        return echo(b -> b.handler((input, context) -> {
            handlerRuns.incrementAndGet();
            TestTools.EchoOutput out = new TestTools.EchoOutput(input.text().repeat(input.times()));
            return ToolResult.of(out, out.echoed());
        }));
    }

    @Test
    void validCallSucceeds() {
        CallToolResult result = pipeline().execute(invocation(echo(), Map.of("text", "ab", "times", 2)));

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).isEqualTo("abab");
        assertThat(result.structuredContent()).isEqualTo(Map.of("echoed", "abab"));
    }

    @Test
    void invalidCallGetsAnErrorNamingTheField() {
        CallToolResult result = pipeline().execute(invocation(countingEcho(), Map.of("text", "ab")));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("$.times");
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "invalid_arguments");
        assertThat(handlerRuns).hasValue(0);
    }

    @Test
    void handlerToolExceptionReachesTheClientWithItsMessage() {
        Tool<?, ?> tool = echo(b -> b.handler((input, context) -> {
            throw new ToolException("User 42 does not exist.");
        }));

        CallToolResult result = pipeline().execute(invocation(tool, echoArgs("x")));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("User 42 does not exist.");
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "tool_error");
    }

    @Test
    void unexpectedHandlerFailureGetsTheGenericMessage() {
        Tool<?, ?> tool = echo(b -> b.handler((input, context) -> {
            throw new IllegalStateException("jdbc:postgresql://secret-host/db password=hunter2");
        }));

        CallToolResult result = pipeline().execute(invocation(tool, echoArgs("x")));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains(TestTools.REQUEST_ID).doesNotContain("hunter2", "secret-host");
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "internal");
    }

    @Test
    void checkedHandlerFailureGetsTheGenericMessage() {
        Tool<?, ?> tool = echo(b -> b.handler((input, context) -> {
            throw new java.io.IOException("/etc/secret not readable");
        }));

        CallToolResult result = pipeline().execute(invocation(tool, echoArgs("x")));

        assertThat(text(result)).contains(TestTools.REQUEST_ID).doesNotContain("/etc/secret");
    }

    @Test
    void cachedToolSecondCallIsAHit() {
        ToolPipeline pipeline = pipeline();
        Tool<?, ?> cached = echo(b -> b.cache(CachePolicy.shared()).handler((input, context) -> {
            handlerRuns.incrementAndGet();
            return ToolResult.of(new TestTools.EchoOutput(input.text()), input.text());
        }));

        CallToolResult first = pipeline.execute(invocation(cached, echoArgs("x")));
        CallToolResult second = pipeline.execute(invocation(cached, echoArgs("x")));

        assertThat(first.meta()).containsEntry(ResultMeta.CACHE, "miss");
        assertThat(second.meta()).containsEntry(ResultMeta.CACHE, "hit");
        assertThat(text(second)).isEqualTo("x");
        assertThat(handlerRuns).hasValue(1);
    }

    @Test
    void unauthorizedCallerIsRefusedWithoutRunningTheHandler() {
        Tool<?, ?> admin = echo(b -> b.requiredScopes("admin").handler((input, context) -> {
            handlerRuns.incrementAndGet();
            return ToolResult.text("ran");
        }));

        CallToolResult result = pipeline().execute(invocation(admin, echoArgs("x"), Principal.of("alice")));

        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "permission_denied");
        assertThat(handlerRuns).hasValue(0);
    }

    @Test
    void callerPastItsRateLimitIsRefusedSayingWhenToRetry() {
        BulwarkConfig defaults = BulwarkConfig.defaults();
        BulwarkConfig strict = defaults.toBuilder()
                .rateLimit(new RateLimitSettings(true, 1, 0, 50))
                .build();
        ToolPipeline pipeline = pipeline(strict);
        pipeline.execute(invocation(echo(), echoArgs("x"), ALICE));

        CallToolResult second = pipeline.execute(invocation(echo(), echoArgs("x"), ALICE));

        assertThat(second.isError()).isTrue();
        assertThat(second.meta())
                .containsEntry(ResultMeta.ERROR_TYPE, "rate_limited")
                .containsEntry(ResultMeta.RETRY_AFTER_MS, 66_000L);
    }

    private ToolPipeline pipelineSendingAtMost(long resultBytes) {
        BulwarkConfig defaults = BulwarkConfig.defaults();
        return pipeline(defaults.toBuilder()
                .limits(defaults.limits().toBuilder()
                        .maxResultBytes(resultBytes)
                        .build())
                .build());
    }

    @Test
    void resultOverTheSizeLimitIsAnErrorSayingItsSizeAndTheLimit() {
        CallToolResult result =
                pipelineSendingAtMost(1000).execute(invocation(echo(), Map.of("text", "abcd", "times", 500)));

        assertThat(result.isError()).isTrue();
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "result_too_large");
        assertThat(text(result))
                .startsWith("The result of tool 'echo' is ")
                .contains("over the server's limit of 1000 bytes (limits.max-result-size)")
                .doesNotContain("abcd");
    }

    @Test
    void resultOverTheSizeLimitIsAuditedAsAnError() {
        pipelineSendingAtMost(1000).execute(invocation(echo(), Map.of("text", "abcd", "times", 500)));

        assertThat(audit.onlyLine())
                .containsEntry("outcome", "error")
                .containsEntry("error_type", "result_too_large")
                .containsEntry("protocol_era", "2025-11-25");
    }

    @Test
    void resultOverTheSizeLimitIsNotCached() {
        ToolPipeline pipeline = pipelineSendingAtMost(1000);
        Tool<?, ?> cached = echo(b -> b.cache(CachePolicy.shared()).handler((input, context) -> {
            handlerRuns.incrementAndGet();
            String echoed = input.text().repeat(input.times());
            return ToolResult.of(new TestTools.EchoOutput(echoed), echoed);
        }));

        pipeline.execute(invocation(cached, Map.of("text", "abcd", "times", 500)));
        CallToolResult second = pipeline.execute(invocation(cached, Map.of("text", "abcd", "times", 500)));

        assertThat(second.meta()).containsEntry(ResultMeta.ERROR_TYPE, "result_too_large");
        assertThat(handlerRuns).hasValue(2);
    }

    @Test
    void resultWithinTheSizeLimitIsSent() {
        CallToolResult result =
                pipelineSendingAtMost(1000).execute(invocation(echo(), Map.of("text", "abcd", "times", 10)));

        assertThat(result.isError()).isFalse();
    }

    /** A tool whose result has a null where its output type requires a value: the tool author's bug. */
    private static Tool<?, ?> nullResult() {
        return echo(b -> b.handler((input, context) -> ToolResult.of(new TestTools.EchoOutput(null), "null")));
    }

    @Test
    void resultThatDoesNotFitTheOutputSchemaIsAnInternalError() {
        CallToolResult result = pipeline().execute(invocation(nullResult(), echoArgs("x")));

        assertThat(result.isError()).isTrue();
        assertThat(result.meta())
                .containsEntry(ResultMeta.ERROR_TYPE, "internal")
                .containsEntry(ResultMeta.REQUEST_ID, TestTools.REQUEST_ID);
        assertThat(text(result)).contains("declared output type", TestTools.REQUEST_ID);
    }

    @Test
    void resultThatDoesNotFitTheOutputSchemaIsCountedAsAnError() {
        pipeline().execute(invocation(nullResult(), echoArgs("x")));

        assertThat(registry.get("mcp.tool.calls")
                        .tags("tool", "echo", "outcome", "error")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void resultThatDoesNotFitTheOutputSchemaIsAuditedAsAnError() {
        pipeline().execute(invocation(nullResult(), echoArgs("x")));

        assertThat(audit.onlyLine()).containsEntry("outcome", "error").containsEntry("error_type", "internal");
    }

    @Test
    void callsAreCountedInMetrics() {
        pipeline().execute(invocation(echo(), echoArgs("x")));

        assertThat(registry.get("mcp.tool.calls")
                        .tags("tool", "echo", "outcome", "success")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void interceptorsRunInTheDocumentedOrder() {
        assertThat(pipeline().interceptors())
                .extracting(Object::getClass)
                .containsExactly(
                        TracingInterceptor.class,
                        RequestContextInterceptor.class,
                        ErrorMappingInterceptor.class,
                        CallLogInterceptor.class,
                        AuditInterceptor.class,
                        MetricsInterceptor.class,
                        AuthorizationInterceptor.class,
                        RateLimitInterceptor.class,
                        ValidationInterceptor.class,
                        CachingInterceptor.class,
                        ResilienceInterceptor.class);
    }

    @Test
    void successfulCallIsAuditedOnce() {
        pipeline().execute(invocation(echo(), echoArgs("x")));

        assertThat(audit.onlyLine())
                .containsEntry("principal", "alice")
                .containsEntry("tool", "echo")
                .containsEntry("outcome", "success")
                .containsEntry("request_id", TestTools.REQUEST_ID);
    }

    @Test
    void callRefusedForAMissingScopeIsAudited() {
        Tool<?, ?> admin = echo(b -> b.requiredScopes("admin"));

        pipeline().execute(invocation(admin, echoArgs("x"), Principal.of("mallory")));

        assertThat(audit.onlyLine())
                .containsEntry("principal", "mallory")
                .containsEntry("outcome", "error")
                .containsEntry("error_type", "permission_denied");
    }

    @Test
    void rateLimitedCallIsAudited() {
        ToolPipeline pipeline = pipeline(BulwarkConfig.builder()
                .rateLimit(new RateLimitSettings(true, 1, 0, 50))
                .build());
        pipeline.execute(invocation(echo(), echoArgs("x"), ALICE));

        pipeline.execute(invocation(echo(), echoArgs("x"), ALICE));

        assertThat(audit.lines()).hasSize(2);
        assertThat(audit.lines().get(1)).containsEntry("error_type", "rate_limited");
    }

    @Test
    void callWithInvalidArgumentsIsAudited() {
        pipeline().execute(invocation(echo(), Map.of("text", "ab")));

        assertThat(audit.onlyLine()).containsEntry("error_type", "invalid_arguments");
    }

    @Test
    void auditLeavesArgumentsOutUnlessTheConfigurationAsksForThem() {
        BulwarkConfig defaults = BulwarkConfig.defaults();
        BulwarkConfig withArguments = defaults.toBuilder()
                .logging(new LoggingSettings("INFO", false, true))
                .build();

        pipeline(defaults).execute(invocation(echo(), echoArgs("x")));
        pipeline(withArguments).execute(invocation(echo(), echoArgs("x")));

        assertThat(audit.lines())
                .extracting(line -> line.containsKey("arguments"))
                .containsExactly(false, true);
    }

    @Test
    void disabledRateLimitingLeavesTheRateLimiterOut() {
        BulwarkConfig defaults = BulwarkConfig.defaults();
        BulwarkConfig unlimited = defaults.toBuilder()
                .rateLimit(new RateLimitSettings(false, 1, 0, 50))
                .build();

        assertThat(pipeline(unlimited).interceptors()).noneMatch(RateLimitInterceptor.class::isInstance);
    }

    @Test
    void identicalCallsOfACachedToolWaitingForOneAnotherHoldNoThreadAndShareOneRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Tool<?, ?> slow =
                echo(b -> b.cache(CachePolicy.shared()).maxConcurrency(1).handler((input, context) -> {
                    handlerRuns.incrementAndGet();
                    release.await();
                    TestTools.EchoOutput out = new TestTools.EchoOutput(input.text());
                    return ToolResult.of(out, out.echoed());
                }));
        ToolPipeline pipeline = pipeline();
        List<CompletableFuture<CallToolResult>> calls = new ArrayList<>();

        // Far more identical calls than the tool's one slot; each returns at once, pending, on this one thread.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 50; i++) {
                calls.add(pipeline.executeAsync(invocation(slow, echoArgs("x"))));
            }
        });
        assertThat(calls).noneMatch(CompletableFuture::isDone);
        release.countDown();

        for (CompletableFuture<CallToolResult> call : calls) {
            CallToolResult result = call.get(30, TimeUnit.SECONDS);
            assertThat(result.isError())
                    .as("never server busy: they share the one run")
                    .isFalse();
            assertThat(text(result)).isEqualTo("x");
        }
        assertThat(handlerRuns).hasValue(1);
        assertThat(calls)
                .filteredOn(call -> "hit".equals(ResultMeta.get(call.join(), ResultMeta.CACHE)))
                .hasSize(49);
    }

    @Test
    void aCallWaitingForAnIdenticalCallThatItsClientCancelsGoesOnAsACallOfItsOwn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Tool<?, ?> slow = echo(b -> b.cache(CachePolicy.shared()).handler((input, context) -> {
            handlerRuns.incrementAndGet();
            release.await(); // the cancelled call's run is interrupted here
            TestTools.EchoOutput out = new TestTools.EchoOutput(input.text());
            return ToolResult.of(out, out.echoed());
        }));
        ToolPipeline pipeline = pipeline();
        CallCancellation cancelledByItsClient = CallCancellation.create();
        CompletableFuture<CallToolResult> first = pipeline.executeAsync(new ToolInvocation(
                slow, echoArgs("x"), new FakeCallContext(ALICE, "first", slow.name()), cancelledByItsClient));
        CompletableFuture<CallToolResult> second = pipeline.executeAsync(new ToolInvocation(
                slow, echoArgs("x"), new FakeCallContext(ALICE, "second", slow.name()), CallCancellation.create()));
        awaitHandlerRuns(1);

        cancelledByItsClient.cancel();
        awaitHandlerRuns(2); // the second call's own run
        release.countDown();

        CallToolResult result = second.get(30, TimeUnit.SECONDS);
        assertThat(result.isError()).as("not the other client's cancellation").isFalse();
        assertThat(text(result)).isEqualTo("x");
        assertThat(ResultMeta.get(result, ResultMeta.CACHE)).isEqualTo("miss");
        CallToolResult cancelled = first.handle((answer, failure) -> answer).get(30, TimeUnit.SECONDS);
        assertThat(cancelled == null || cancelled.isError())
                .as("the first call ends as cancelled")
                .isTrue();
    }

    @Test
    void aCallWaitingForAnIdenticalCallIsAnsweredAtOnceWhenItsOwnClientCancelsIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Tool<?, ?> slow = echo(b -> b.cache(CachePolicy.shared()).handler((input, context) -> {
            handlerRuns.incrementAndGet();
            release.await();
            TestTools.EchoOutput out = new TestTools.EchoOutput(input.text());
            return ToolResult.of(out, out.echoed());
        }));
        ToolPipeline pipeline = pipeline();
        CompletableFuture<CallToolResult> computing = pipeline.executeAsync(new ToolInvocation(
                slow, echoArgs("x"), new FakeCallContext(ALICE, "first", slow.name()), CallCancellation.create()));
        awaitHandlerRuns(1);
        CallCancellation waitersClient = CallCancellation.create();
        CompletableFuture<CallToolResult> waiting = pipeline.executeAsync(new ToolInvocation(
                slow, echoArgs("x"), new FakeCallContext(ALICE, "second", slow.name()), waitersClient));

        waitersClient.cancel();

        CallToolResult cancelled = waiting.handle((answer, failure) -> answer).get(30, TimeUnit.SECONDS);
        assertThat(cancelled == null || cancelled.isError())
                .as("answered as cancelled, before the other ends")
                .isTrue();
        assertThat(computing).isNotDone();
        release.countDown();
        assertThat(text(computing.get(30, TimeUnit.SECONDS))).isEqualTo("x");
        assertThat(handlerRuns).hasValue(1);
    }

    /** A call context whose call carries its client's answers, or whose handler asks its client. */
    private static final class AnsweringContext implements dev.bulwark.core.CallContext, ClientInputTracking {
        private final FakeCallContext plain;
        private final boolean carriesAnswers;
        private volatile boolean asked;

        AnsweringContext(String requestId, boolean carriesAnswers) {
            this.plain = new FakeCallContext(ALICE, requestId, "echo");
            this.carriesAnswers = carriesAnswers;
        }

        @Override
        public dev.bulwark.ports.security.Principal principal() {
            return plain.principal();
        }

        @Override
        public String requestId() {
            return plain.requestId();
        }

        @Override
        public String toolName() {
            return plain.toolName();
        }

        @Override
        public void reportProgress(double progress, Double total, String message) {}

        @Override
        public void logToClient(String message) {}

        @Override
        public dev.bulwark.core.ElicitationResult elicit(String message, Map<String, Object> requestedSchema) {
            asked = true;
            return new dev.bulwark.core.ElicitationResult(
                    dev.bulwark.core.ElicitationResult.Action.ACCEPT, Map.of("answer", "yes"));
        }

        @Override
        public boolean carriesClientAnswers() {
            return carriesAnswers;
        }

        @Override
        public boolean askedClient() {
            return asked;
        }
    }

    @Test
    void aCachedToolsResultThatDependsOnItsClientsAnswersIsNeitherServedFromTheCacheNorStored() throws Exception {
        Tool<?, ?> asking = echo(b -> b.cache(CachePolicy.shared()).handler((input, context) -> {
            handlerRuns.incrementAndGet();
            String said = input.text().equals("ask")
                    ? String.valueOf(context.elicit("Sure?", Map.of()).content())
                    : input.text();
            TestTools.EchoOutput out = new TestTools.EchoOutput(said);
            return ToolResult.of(out, out.echoed());
        }));
        ToolPipeline pipeline = pipeline();

        // A handler that asked its client: not stored, so the next identical call runs again.
        pipeline.execute(new ToolInvocation(asking, echoArgs("ask"), new AnsweringContext("1", false)));
        CallToolResult again =
                pipeline.execute(new ToolInvocation(asking, echoArgs("ask"), new AnsweringContext("2", false)));
        assertThat(ResultMeta.get(again, ResultMeta.CACHE)).isEqualTo("miss");
        assertThat(handlerRuns).hasValue(2);

        // A call carrying its client's answers: never served from the cache, even for a stored key.
        pipeline.execute(invocation(asking, echoArgs("x")));
        CallToolResult answered =
                pipeline.execute(new ToolInvocation(asking, echoArgs("x"), new AnsweringContext("3", true)));
        assertThat(handlerRuns).hasValue(4);
        assertThat(ResultMeta.get(answered, ResultMeta.CACHE)).isNull();
    }

    @Test
    void aCallWaitingForAnIdenticalCallWhoseHandlerAskedItsClientAsksItsOwn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Tool<?, ?> asking = echo(b -> b.cache(CachePolicy.shared()).handler((input, context) -> {
            if (handlerRuns.incrementAndGet() == 1) {
                release.await(); // the second call arrives meanwhile and waits for this one
            }
            String answer = String.valueOf(context.elicit("Sure?", Map.of()).content());
            TestTools.EchoOutput out = new TestTools.EchoOutput(answer);
            return ToolResult.of(out, out.echoed());
        }));
        ToolPipeline pipeline = pipeline();
        AnsweringContext firstClient = new AnsweringContext("1", false);
        AnsweringContext secondClient = new AnsweringContext("2", false);
        CompletableFuture<CallToolResult> first = pipeline.executeAsync(
                new ToolInvocation(asking, echoArgs("x"), firstClient, CallCancellation.create()));
        awaitHandlerRuns(1);
        CompletableFuture<CallToolResult> second = pipeline.executeAsync(
                new ToolInvocation(asking, echoArgs("x"), secondClient, CallCancellation.create()));

        release.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS).isError()).isFalse();
        assertThat(second.get(30, TimeUnit.SECONDS).isError()).isFalse();
        assertThat(handlerRuns).as("the second call's own run").hasValue(2);
        assertThat(secondClient.askedClient()).as("its own client was asked").isTrue();
    }

    @Test
    void aCallWaitingForAnIdenticalCallThatFailedAfterAskingItsClientAsksItsOwn() throws Exception {
        // The first client declined, or could not be asked: its failure is not the second caller's.
        CountDownLatch release = new CountDownLatch(1);
        Tool<?, ?> asking = echo(b -> b.cache(CachePolicy.shared()).handler((input, context) -> {
            boolean first = handlerRuns.incrementAndGet() == 1;
            if (first) {
                release.await(); // the second call arrives meanwhile and waits for this one
            }
            context.elicit("Sure?", Map.of());
            if (first) {
                throw new dev.bulwark.core.ToolException("The user declined");
            }
            TestTools.EchoOutput out = new TestTools.EchoOutput("confirmed");
            return ToolResult.of(out, out.echoed());
        }));
        ToolPipeline pipeline = pipeline();
        AnsweringContext secondClient = new AnsweringContext("2", false);
        CompletableFuture<CallToolResult> first = pipeline.executeAsync(
                new ToolInvocation(asking, echoArgs("x"), new AnsweringContext("1", false), CallCancellation.create()));
        awaitHandlerRuns(1);
        CompletableFuture<CallToolResult> second = pipeline.executeAsync(
                new ToolInvocation(asking, echoArgs("x"), secondClient, CallCancellation.create()));

        release.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS).isError()).isTrue();
        assertThat(second.get(30, TimeUnit.SECONDS).isError())
                .as("its own run succeeded")
                .isFalse();
        assertThat(secondClient.askedClient()).as("its own client was asked").isTrue();
    }

    private void awaitHandlerRuns(int runs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (handlerRuns.get() < runs) {
            assertThat(System.nanoTime()).as("the handler ran %d times", runs).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
