package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ServerBusyException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCancelledException;
import dev.bulwark.core.ToolTimeoutException;
import dev.bulwark.ports.origin.ProtocolEra;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * An isolated call whose caller holds its handler ({@link DeferredHandler}): the pipeline returns the call's pending
 * outcome, the caller runs the handler on its own thread, and the call is still answered at its deadline, or at its
 * cancellation, while that thread is busy.
 */
class ResilienceInterceptorHeldHandlerTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    /** The tool executor: a held handler must never run here. */
    private final ExecutorService toolExecutor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tool-executor");
        thread.setDaemon(true);
        return thread;
    });

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

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
        release.countDown();
        callers.shutdownNow();
        toolExecutor.shutdownNow();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        MDC.clear();
    }

    private ToolPipeline pipeline(List<ToolInterceptor> outer, int perToolConcurrency, SyncCalls.SyncChain handler) {
        return pipeline(outer, perToolConcurrency, handler, ToolDeadlines.shared());
    }

    private ToolPipeline pipeline(
            List<ToolInterceptor> outer, int perToolConcurrency, SyncCalls.SyncChain handler, ToolDeadlines deadlines) {
        List<ToolInterceptor> interceptors = new java.util.ArrayList<>(outer);
        interceptors.add(new ResilienceInterceptor(toolExecutor, GENEROUS, 16, perToolConcurrency, deadlines));
        return new ToolPipeline(interceptors, SyncCalls.chain(handler));
    }

    /** A handler that says it started, then waits for {@link #release}, ignoring interrupts. */
    private SyncCalls.SyncChain stubborn(CountDownLatch started) {
        return inv -> {
            started.countDown();
            boolean released = false;
            while (!released) {
                try {
                    released = release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // ignores its interrupt: the caller must be answered anyway
                }
            }
            return textResult("late");
        };
    }

    @Test
    void theHeldHandlerRunsOnTheCallersThreadWhenItRunsItAndCompletesTheOutcome() {
        AtomicReference<String> ranOn = new AtomicReference<>();
        ToolPipeline pipeline = pipeline(List.of(), 4, inv -> {
            ranOn.set(Thread.currentThread().getName());
            return textResult("ok");
        });
        DeferredHandler held = new DeferredHandler();

        CompletableFuture<CallToolResult> outcome =
                pipeline.executeAsync(invocation(echo(), echoArgs("x")).withDeferredHandler(held));

        assertThat(outcome).as("pending until the caller runs the handler").isNotDone();
        assertThat(ranOn).hasValue(null);
        held.runHere();
        assertThat(outcome)
                .isCompletedWithValueMatching(result -> TestTools.text(result).equals("ok"));
        assertThat(ranOn).hasValue(Thread.currentThread().getName());
    }

    @Test
    void withoutAHolderTheHandlerRunsOnTheToolExecutor() {
        AtomicReference<String> ranOn = new AtomicReference<>();
        ToolPipeline pipeline = pipeline(List.of(), 4, inv -> {
            ranOn.set(Thread.currentThread().getName());
            return textResult("ok");
        });

        assertThat(TestTools.text(pipeline.execute(invocation(echo(), echoArgs("x")))))
                .isEqualTo("ok");
        assertThat(ranOn).hasValue("tool-executor");
    }

    @Test
    void aHeldHandlerThatIgnoresItsInterruptIsAnsweredAtTheDeadlineWhileItsThreadIsStillBusy() throws Exception {
        Tool<?, ?> quick = echo(b -> b.timeout(Duration.ofMillis(100)));
        CountDownLatch started = new CountDownLatch(1);
        DeadlinesByHand deadlines = new DeadlinesByHand();
        ToolPipeline pipeline = pipeline(List.of(), 1, stubborn(started), deadlines.timer());
        DeferredHandler held = new DeferredHandler();
        CompletableFuture<CallToolResult> outcome =
                pipeline.executeAsync(invocation(quick, echoArgs("x")).withDeferredHandler(held));

        CompletableFuture<Void> callerThread = CompletableFuture.runAsync(held::runHere, callers);

        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        deadlines.passAll();
        assertThatThrownBy(() -> outcome.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ToolTimeoutException.class);
        assertThat(callerThread)
                .as("the caller's thread still runs the handler")
                .isNotDone();
        assertThatThrownBy(() -> pipeline.execute(invocation(quick, echoArgs("x"))))
                .as("the stuck handler keeps its permit until it really ends")
                .isInstanceOf(ServerBusyException.class);
        release.countDown();
        callerThread.get(30, TimeUnit.SECONDS);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aHeldHandlerStillRunningAtItsDeadlineIsReportedOnceWithTheThreadItHolds() throws Exception {
        Tool<?, ?> quick = echo(b -> b.timeout(Duration.ofMillis(100)));
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        SyncCalls.SyncChain stubborn = stubborn(started);
        DeadlinesByHand deadlines = new DeadlinesByHand();
        ToolPipeline pipeline = pipeline(
                List.of(),
                1,
                inv -> {
                    ranOn.set(Thread.currentThread());
                    return stubborn.proceed(inv);
                },
                deadlines.timer());
        List<Thread> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        DeferredHandler holder = new DeferredHandler(held::add);
        CompletableFuture<CallToolResult> outcome =
                pipeline.executeAsync(invocation(quick, echoArgs("x")).withDeferredHandler(holder));
        callers.execute(holder::runHere);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        deadlines.passAll();

        assertThatThrownBy(() -> outcome.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ToolTimeoutException.class);
        assertThat(held).as("told at the deadline, before the handler returns").containsExactly(ranOn.get());
        release.countDown();
    }

    @Test
    void aHeldHandlerCancelledByItsClientIsNotReportedAsHeldPastItsDeadline() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ToolPipeline pipeline = pipeline(List.of(), 1, stubborn(started));
        List<Thread> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        DeferredHandler holder = new DeferredHandler(held::add);
        CallCancellation cancellation = CallCancellation.create();
        ToolInvocation call = invocation(echo(), echoArgs("x"));
        CompletableFuture<CallToolResult> outcome = pipeline.executeAsync(new ToolInvocation(
                call.tool(),
                call.arguments(),
                call.context(),
                null,
                cancellation,
                ProtocolEra.SESSIONS_2025_11_25,
                holder));
        callers.execute(holder::runHere);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        cancellation.cancel();

        assertThatThrownBy(outcome::join).hasCauseInstanceOf(ToolCancelledException.class);
        assertThat(held).as("a cancelled call has no deadline left to outlive").isEmpty();
    }

    @Test
    void theStepsAfterTheHandlerSeeTheCallsMdcWhenTheDeadlineAnswersIt() throws Exception {
        Tool<?, ?> quick = echo(b -> b.timeout(Duration.ofMillis(100)));
        AtomicReference<String> requestIdAfter = new AtomicReference<>();
        AtomicReference<String> threadAfter = new AtomicReference<>();
        ToolInterceptor recordsAfter =
                (invocation, next) -> next.proceed(invocation).whenComplete((r, f) -> {
                    requestIdAfter.set(MDC.get(RequestContextInterceptor.REQUEST_ID));
                    threadAfter.set(Thread.currentThread().getName());
                });
        ToolPipeline pipeline =
                pipeline(List.of(new RequestContextInterceptor(), recordsAfter), 1, stubborn(new CountDownLatch(1)));
        DeferredHandler held = new DeferredHandler();
        CompletableFuture<CallToolResult> outcome =
                pipeline.executeAsync(invocation(quick, echoArgs("x")).withDeferredHandler(held));
        callers.execute(held::runHere);

        assertThatThrownBy(() -> outcome.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ToolTimeoutException.class);
        assertThat(requestIdAfter).hasValue(TestTools.REQUEST_ID);
        assertThat(threadAfter.get()).isEqualTo("bulwark-tool-deadlines");
        assertThat(MDC.get(RequestContextInterceptor.REQUEST_ID))
                .as("this thread's MDC is left as it was")
                .isNull();
    }

    @Test
    void aHeldCallCancelledBeforeItsHandlerRanIsAnsweredAtOnceAndTheHandlerNeverRuns() {
        AtomicBoolean ran = new AtomicBoolean();
        ToolPipeline pipeline = pipeline(List.of(), 1, inv -> {
            ran.set(true);
            return textResult("ran");
        });
        CallCancellation cancellation = CallCancellation.create();
        DeferredHandler held = new DeferredHandler();
        ToolInvocation call = invocation(echo(), echoArgs("x"));
        CompletableFuture<CallToolResult> outcome = pipeline.executeAsync(new ToolInvocation(
                call.tool(),
                call.arguments(),
                call.context(),
                null,
                cancellation,
                ProtocolEra.SESSIONS_2025_11_25,
                held));

        cancellation.cancel();

        assertThat(outcome).isCompletedExceptionally();
        assertThatThrownBy(outcome::join).hasCauseInstanceOf(ToolCancelledException.class);
        held.runHere();
        assertThat(ran).isFalse();
        assertThat(TestTools.text(pipeline.execute(invocation(echo(), echoArgs("x")))))
                .as("its permit came back at the cancellation")
                .isEqualTo("ran");
    }
}
