package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.core.ServerBusyException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.ToolTimeoutException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Each call is bounded in time (timeout) and in concurrency (per-tool and server-wide bulkheads). */
class ResilienceInterceptorTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    /** Released at the end of every test, so no handler outlives it. */
    private final CountDownLatch release = new CountDownLatch(1);

    private final List<CountDownLatch> toRelease = new ArrayList<>(List.of(release));

    @BeforeAll
    static void installMdc() throws ReflectiveOperationException {
        MdcSupport.installWorkingMdc();
    }

    @AfterAll
    static void restoreMdc() throws ReflectiveOperationException {
        MdcSupport.restore();
    }

    @AfterEach
    void releaseEverything() throws InterruptedException {
        toRelease.forEach(CountDownLatch::countDown);
        callers.shutdownNow();
        handlers.shutdownNow();
        assertThat(handlers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        MDC.clear();
    }

    private ResilienceInterceptor interceptor(int serverConcurrency, int perToolConcurrency) {
        return new ResilienceInterceptor(handlers, GENEROUS, serverConcurrency, perToolConcurrency);
    }

    /** A chain that signals it started and then waits for {@link #release}, ignoring interrupts. */
    private SyncCalls.SyncChain blockingUntilReleased(CountDownLatch started) {
        return inv -> {
            started.countDown();
            boolean released = false;
            while (!released) {
                try {
                    released = release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // a stubborn handler: the caller must get its answer anyway
                }
            }
            return textResult("late");
        };
    }

    /** Starts a call on another thread and waits until its handler is running. */
    private void occupy(ResilienceInterceptor interceptor, Tool<?, ?> tool) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        callers.submit(
                () -> SyncCalls.run(interceptor, invocation(tool, echoArgs("x")), blockingUntilReleased(started)));
        assertThat(started.await(30, TimeUnit.SECONDS))
                .as("occupying handler started")
                .isTrue();
    }

    @Test
    void aCallAnsweredBeforeItsHandlerStartedGivesItsPermitsBackAndNeverRuns() throws Exception {
        ExecutorService oneThread = Executors.newSingleThreadExecutor();
        try {
            ResilienceInterceptor interceptor = new ResilienceInterceptor(oneThread, GENEROUS, 2, 2);
            Tool<?, ?> quick = echo(b -> b.timeout(Duration.ofMillis(100)));
            Tool<?, ?> stuck = Tool.builder("stuck", Map.class, Void.class)
                    .description("A tool whose handler holds its thread")
                    .inputSchema(Map.of("type", "object"))
                    .handler((input, context) -> ToolResult.text("unused"))
                    .build();
            CountDownLatch started = new CountDownLatch(1);
            callers.submit(() -> SyncCalls.run(
                    interceptor,
                    invocation(stuck, Map.of()),
                    blockingUntilReleased(started))); // holds the only thread and 1 of 2 permits, whatever the time
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
            SyncCalls.SyncChain records = inv -> {
                ran.set(true);
                return textResult("ran");
            };

            assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(quick, echoArgs("x")), records))
                    .as("queued behind the stuck handler, answered at its timeout")
                    .isInstanceOf(ToolTimeoutException.class);
            assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(quick, echoArgs("x")), records))
                    .as("the permits of the call before came back: this one is let in, not refused as busy")
                    .isInstanceOf(ToolTimeoutException.class);
            release.countDown();
            oneThread.shutdown();
            assertThat(oneThread.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(ran)
                    .as("no handler ran once its caller had been answered")
                    .isFalse();
        } finally {
            oneThread.shutdownNow();
        }
    }

    @Test
    void passesTheResultOfAFastHandlerThrough() {
        CallToolResult ok = textResult("ok");

        assertThat(SyncCalls.run(interceptor(4, 4), invocation(echo(), echoArgs("x")), inv -> ok))
                .isSameAs(ok);
    }

    @Test
    void passesAHandlerFailureOnUnwrapped() {
        ToolException failure = new ToolException("user 42 does not exist");

        assertThatThrownBy(() -> SyncCalls.run(interceptor(4, 4), invocation(echo(), echoArgs("x")), inv -> {
                    throw failure;
                }))
                .isSameAs(failure);
    }

    @Test
    void handlerExceedingItsTimeoutEndsInTimeoutWhileTheHandlerStillRuns() throws Exception {
        Tool<?, ?> slow = echo(b -> b.timeout(Duration.ofMillis(100)));
        CountDownLatch started = new CountDownLatch(1);
        ResilienceInterceptor interceptor = interceptor(4, 4);

        CompletableFuture<CallToolResult> call = CompletableFuture.supplyAsync(
                () -> SyncCalls.run(interceptor, invocation(slow, echoArgs("x")), blockingUntilReleased(started)),
                callers);

        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        ToolTimeoutException.class, e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(100)));
        assertThat(release.getCount()).as("the handler had not been released").isEqualTo(1);
    }

    @Test
    void aToolOfAnotherToolsNameWithATimeoutOfItsOwnKeepsItsTimeout() throws Exception {
        Tool<?, ?> plain = echo();
        Tool<?, ?> slow = echo(b -> b.timeout(Duration.ofMillis(100)));
        ResilienceInterceptor interceptor = interceptor(4, 4);
        SyncCalls.run(interceptor, invocation(plain, echoArgs("x")), inv -> textResult("at once"));
        CountDownLatch started = new CountDownLatch(1);

        CompletableFuture<CallToolResult> call = CompletableFuture.supplyAsync(
                () -> SyncCalls.run(interceptor, invocation(slow, echoArgs("x")), blockingUntilReleased(started)),
                callers);

        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        ToolTimeoutException.class, e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(100)));
    }

    @Test
    void aReadOnlyToolsTimeoutSaysToTryAgain() {
        Tool<?, ?> slow = echo(b -> b.timeout(Duration.ofMillis(50)).readOnly(true));

        assertThatThrownBy(() -> SyncCalls.run(
                        interceptor(4, 4),
                        invocation(slow, echoArgs("x")),
                        blockingUntilReleased(new CountDownLatch(1))))
                .isInstanceOf(ToolTimeoutException.class)
                .hasMessageContaining("Try again");
    }

    @Test
    void aWritingToolsTimeoutSaysItsChangeMayHaveBeenMade() {
        Tool<?, ?> slow = echo(b -> b.timeout(Duration.ofMillis(50)));

        assertThatThrownBy(() -> SyncCalls.run(
                        interceptor(4, 4),
                        invocation(slow, echoArgs("x")),
                        blockingUntilReleased(new CountDownLatch(1))))
                .isInstanceOf(ToolTimeoutException.class)
                .hasMessageContaining("it may have made its change before it stopped: check before trying again")
                .hasMessageNotContaining("Try again");
    }

    @Test
    void handlerStillRunningAfterItsTimeoutKeepsItsConcurrencySlot() throws Exception {
        Tool<?, ?> slowSingle = echo(b -> b.timeout(Duration.ofMillis(100)).maxConcurrency(1));
        DeadlinesByHand deadlines = new DeadlinesByHand();
        ResilienceInterceptor interceptor = new ResilienceInterceptor(handlers, GENEROUS, 10, 10, deadlines.timer());
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<CallToolResult> call = CompletableFuture.supplyAsync(
                () -> SyncCalls.run(interceptor, invocation(slowSingle, echoArgs("x")), blockingUntilReleased(started)),
                callers);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        deadlines.passAll();

        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ToolTimeoutException.class);

        // the stubborn handler has not ended, so the tool's only slot is still taken
        assertThatThrownBy(() ->
                        SyncCalls.run(interceptor, invocation(slowSingle, echoArgs("y")), inv -> textResult("ok")))
                .isInstanceOf(ServerBusyException.class);
    }

    @Test
    void handlerExceedingItsTimeoutIsInterrupted() throws Exception {
        Tool<?, ?> slow = echo(b -> b.timeout(Duration.ofMillis(100)));
        DeadlinesByHand deadlines = new DeadlinesByHand();
        ResilienceInterceptor interceptor = new ResilienceInterceptor(handlers, GENEROUS, 4, 4, deadlines.timer());
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        CompletableFuture<CallToolResult> call = CompletableFuture.supplyAsync(
                () -> SyncCalls.run(interceptor, invocation(slow, echoArgs("x")), inv -> {
                    started.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                        interrupted.complete(false);
                    } catch (InterruptedException e) {
                        interrupted.complete(true);
                    }
                    return textResult("late");
                }),
                callers);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        deadlines.passAll();

        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ToolTimeoutException.class);

        assertThat(interrupted.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void fullPerToolBulkheadAnswersServerBusy() throws Exception {
        Tool<?, ?> single = echo(b -> b.maxConcurrency(1));
        ResilienceInterceptor interceptor = interceptor(10, 10);
        occupy(interceptor, single);

        assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(single, echoArgs("y")), inv -> textResult("ok")))
                .isInstanceOfSatisfying(ServerBusyException.class, busy -> {
                    assertThat(busy.limit()).isEqualTo(1);
                    assertThat(busy.getMessage()).contains("per-tool", "echo");
                });
    }

    @Test
    void perToolBulkheadDoesNotLimitOtherTools() throws Exception {
        Tool<?, ?> single = echo(b -> b.maxConcurrency(1));
        Tool<?, ?> other = Tool.builder("other", Map.class, Void.class)
                .description("Another tool")
                .inputSchema(Map.of("type", "object"))
                .handler((input, context) -> ToolResult.text("ok"))
                .build();
        ResilienceInterceptor interceptor = interceptor(10, 10);
        occupy(interceptor, single);

        CallToolResult ok = textResult("ok");
        assertThat(SyncCalls.run(interceptor, invocation(other, Map.of()), inv -> ok))
                .isSameAs(ok);
    }

    @Test
    void fullServerWideBulkheadAnswersServerBusyForAnyTool() throws Exception {
        Tool<?, ?> first = echo();
        Tool<?, ?> second = Tool.builder("second", Map.class, Void.class)
                .description("Another tool")
                .inputSchema(Map.of("type", "object"))
                .handler((input, context) -> ToolResult.text("ok"))
                .build();
        ResilienceInterceptor interceptor = interceptor(1, 10);
        occupy(interceptor, first);

        assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(second, Map.of()), inv -> textResult("ok")))
                .isInstanceOfSatisfying(ServerBusyException.class, busy -> {
                    assertThat(busy.limit()).isEqualTo(1);
                    assertThat(busy.getMessage()).contains("server-wide");
                });
    }

    @Test
    void aFollowUpOfAnEarlierCallIsAnsweredWhileEveryPermitIsTaken() throws Exception {
        Tool<?, ?> work = echo();
        Tool<?, ?> poll = Tool.builder("poll", Map.class, Void.class)
                .description("A status poll")
                .inputSchema(Map.of("type", "object"))
                .handler((input, context) -> ToolResult.text("working"))
                .build();
        ResilienceInterceptor interceptor = interceptor(1, 1);
        occupy(interceptor, work);

        assertThat(SyncCalls.run(
                        interceptor, invocation(poll, Map.of()).asFollowUp(true), inv -> textResult("working")))
                .isEqualTo(textResult("working"));
        assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(poll, Map.of()), inv -> textResult("working")))
                .as("the same call, not a follow-up, still needs the server's one permit")
                .isInstanceOf(ServerBusyException.class);
    }

    @Test
    void finishedCallGivesItsSlotBack() {
        Tool<?, ?> single = echo(b -> b.maxConcurrency(1));
        ResilienceInterceptor interceptor = interceptor(1, 1);
        SyncCalls.run(interceptor, invocation(single, echoArgs("x")), inv -> textResult("first"));

        CallToolResult second =
                SyncCalls.run(interceptor, invocation(single, echoArgs("x")), inv -> textResult("second"));

        assertThat(TestTools.text(second)).isEqualTo("second");
    }

    @Test
    void handlerSeesTheCallersMdcOnItsOwnThread() throws Exception {
        ExecutorService oneThread = Executors.newSingleThreadExecutor();
        try {
            // start the worker thread before the MDC is set, so it cannot simply inherit it
            oneThread.submit(() -> {}).get(30, TimeUnit.SECONDS);
            ResilienceInterceptor interceptor = new ResilienceInterceptor(oneThread, GENEROUS, 4, 4);
            MDC.put("request_id", "req-mdc");
            AtomicReference<String> seen = new AtomicReference<>();

            SyncCalls.run(interceptor, invocation(echo(), echoArgs("x")), inv -> {
                seen.set(MDC.get("request_id"));
                return textResult("ok");
            });

            assertThat(seen.get()).isEqualTo("req-mdc");
        } finally {
            oneThread.shutdownNow();
        }
    }

    @Test
    void callerThreadToolRunsOnTheCallingThread() {
        Tool<?, ?> inline = echo(b -> b.execution(Tool.Execution.CALLER_THREAD));
        Thread caller = Thread.currentThread();

        CallToolResult result = SyncCalls.run(
                interceptor(4, 4),
                invocation(inline, echoArgs("x")),
                inv -> textResult(Thread.currentThread() == caller ? "same thread" : "other thread"));

        assertThat(((TextContent) result.content().get(0)).text()).isEqualTo("same thread");
    }

    @Test
    void callerThreadToolOutlastingTheDefaultTimeoutIsAnsweredAndLoggedAsAWarning() {
        Tool<?, ?> inline = echo(b -> b.execution(Tool.Execution.CALLER_THREAD));
        ResilienceInterceptor shortDefault = new ResilienceInterceptor(handlers, Duration.ofMillis(20), 4, 4);
        Logger logger = (Logger) LoggerFactory.getLogger(ResilienceInterceptor.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        try {
            CallToolResult result = SyncCalls.run(shortDefault, invocation(inline, echoArgs("x")), inv -> {
                sleepQuietly(Duration.ofMillis(60));
                return textResult("finished");
            });

            assertThat(((TextContent) result.content().get(0)).text()).isEqualTo("finished");
            assertThat(warnings.list).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.WARN);
                assertThat(line.getFormattedMessage()).contains("Tool echo", "without a timeout", "ISOLATED");
            });
        } finally {
            logger.detachAppender(warnings);
        }
    }

    @Test
    void callerThreadToolWithinTheDefaultTimeoutLogsNothing() {
        Tool<?, ?> inline = echo(b -> b.execution(Tool.Execution.CALLER_THREAD));
        Logger logger = (Logger) LoggerFactory.getLogger(ResilienceInterceptor.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        try {
            SyncCalls.run(interceptor(4, 4), invocation(inline, echoArgs("x")), inv -> textResult("quick"));

            assertThat(warnings.list).isEmpty();
        } finally {
            logger.detachAppender(warnings);
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void callerThreadToolKeepsItsConcurrencyLimit() throws Exception {
        Tool<?, ?> single = echo(b -> b.execution(Tool.Execution.CALLER_THREAD).maxConcurrency(1));
        ResilienceInterceptor interceptor = interceptor(10, 10);
        occupy(interceptor, single);

        assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(single, echoArgs("y")), inv -> textResult("ok")))
                .isInstanceOfSatisfying(
                        ServerBusyException.class,
                        busy -> assertThat(busy.getMessage()).contains("per-tool"));
    }

    @Test
    void callerThreadToolKeepsTheServerWideLimit() throws Exception {
        Tool<?, ?> inline = echo(b -> b.execution(Tool.Execution.CALLER_THREAD));
        ResilienceInterceptor interceptor = interceptor(1, 10);
        occupy(interceptor, echo());

        assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(inline, echoArgs("y")), inv -> textResult("ok")))
                .isInstanceOfSatisfying(ServerBusyException.class, busy -> {
                    assertThat(busy.limit()).isEqualTo(1);
                    assertThat(busy.getMessage()).contains("server-wide");
                });
    }

    @Test
    void callerThreadToolGivesItsPermitsBackWhenTheHandlerFails() {
        Tool<?, ?> single = echo(b -> b.execution(Tool.Execution.CALLER_THREAD).maxConcurrency(1));
        ResilienceInterceptor interceptor = interceptor(1, 1);
        assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(single, echoArgs("x")), inv -> {
                    throw new ToolException("failed");
                }))
                .isInstanceOf(ToolException.class);

        CallToolResult next =
                SyncCalls.run(interceptor, invocation(single, echoArgs("y")), inv -> textResult("second"));

        assertThat(((TextContent) next.content().get(0)).text()).isEqualTo("second");
    }

    @Test
    void callerThreadToolPassesAHandlerFailureOnUnwrapped() {
        Tool<?, ?> inline = echo(b -> b.execution(Tool.Execution.CALLER_THREAD));
        ToolException failure = new ToolException("user 42 does not exist");

        assertThatThrownBy(() -> SyncCalls.run(interceptor(4, 4), invocation(inline, echoArgs("x")), inv -> {
                    throw failure;
                }))
                .isSameAs(failure);
    }
}
