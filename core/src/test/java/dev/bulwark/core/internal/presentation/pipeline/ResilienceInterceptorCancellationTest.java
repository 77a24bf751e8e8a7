package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ServerBusyException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCancelledException;
import dev.bulwark.core.internal.testing.FakeCallContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call its client cancels is interrupted, gives its slot back at once, and ends as cancelled. */
class ResilienceInterceptorCancellationTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseEverything() throws InterruptedException {
        release.countDown();
        callers.shutdownNow();
        handlers.shutdownNow();
        assertThat(handlers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private static ToolInvocation cancellable(Tool<?, ?> tool, CallCancellation cancellation) {
        return new ToolInvocation(
                tool,
                echoArgs("x"),
                new FakeCallContext(TestTools.ALICE, TestTools.REQUEST_ID, tool.name()),
                cancellation);
    }

    /** A handler that says it started, then waits for {@link #release}, noting an interrupt and ignoring it. */
    private SyncCalls.SyncChain stubborn(CountDownLatch started, CompletableFuture<Boolean> interrupted) {
        return inv -> {
            started.countDown();
            boolean sawInterrupt = false;
            while (true) {
                try {
                    if (release.await(30, TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    sawInterrupt = true;
                    interrupted.complete(true);
                }
            }
            interrupted.complete(sawInterrupt);
            return textResult("late");
        };
    }

    private CompletableFuture<CallToolResult> callAsync(
            ResilienceInterceptor interceptor, ToolInvocation call, SyncCalls.SyncChain chain) {
        return CompletableFuture.supplyAsync(() -> SyncCalls.run(interceptor, call, chain), callers);
    }

    @Test
    void anIsolatedCallItsClientCancelsIsInterruptedAndAnsweredAsCancelledWhileItsHandlerStillRuns() throws Exception {
        ResilienceInterceptor interceptor = new ResilienceInterceptor(handlers, GENEROUS, 4, 4);
        CallCancellation cancellation = CallCancellation.create();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        CompletableFuture<CallToolResult> call =
                callAsync(interceptor, cancellable(echo(), cancellation), stubborn(started, interrupted));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        cancellation.cancel();

        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ToolCancelledException.class)
                .hasMessageContaining("cancelled by the client");
        assertThat(interrupted.get(30, TimeUnit.SECONDS))
                .as("the handler was interrupted")
                .isTrue();
        assertThat(release.getCount()).as("the handler had not been released").isEqualTo(1);
    }

    @Test
    void aCancelledCallGivesItsSlotBackAtOnceEvenIfItsHandlerIgnoresTheInterrupt() throws Exception {
        Tool<?, ?> single = echo(b -> b.maxConcurrency(1));
        ResilienceInterceptor interceptor = new ResilienceInterceptor(handlers, GENEROUS, 4, 4);
        CallCancellation cancellation = CallCancellation.create();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<CallToolResult> first =
                callAsync(interceptor, cancellable(single, cancellation), stubborn(started, new CompletableFuture<>()));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> SyncCalls.run(
                        interceptor, TestTools.invocation(single, echoArgs("y")), inv -> textResult("second")))
                .as("the only slot is taken")
                .isInstanceOf(ServerBusyException.class);

        cancellation.cancel();

        assertThat(SyncCalls.run(interceptor, TestTools.invocation(single, echoArgs("y")), inv -> textResult("second"))
                        .content())
                .as("the cancelled call's slot is free while its handler still runs")
                .hasSize(1);
        assertThat(release.getCount()).isEqualTo(1);
        assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(ToolCancelledException.class);
    }

    @Test
    void aCallerThreadCallItsClientCancelsIsInterruptedAndLeavesItsThreadUninterrupted() throws Exception {
        Tool<?, ?> inline = echo(b -> b.execution(Tool.Execution.CALLER_THREAD).maxConcurrency(1));
        ResilienceInterceptor interceptor = new ResilienceInterceptor(handlers, GENEROUS, 4, 4);
        CallCancellation cancellation = CallCancellation.create();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> threadInterruptedAfter = new CompletableFuture<>();
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        SyncCalls.SyncChain waitsForInterrupt = inv -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return textResult("stopped");
        };
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        SyncCalls.run(interceptor, cancellable(inline, cancellation), waitsForInterrupt);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    } finally {
                        threadInterruptedAfter.complete(Thread.currentThread().isInterrupted());
                    }
                },
                callers);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        cancellation.cancel();

        assertThat(interrupted.get(30, TimeUnit.SECONDS))
                .as("the handler was interrupted")
                .isTrue();
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(ToolCancelledException.class);
        assertThat(threadInterruptedAfter.get(30, TimeUnit.SECONDS))
                .as("the caller's thread goes on without the interrupt")
                .isFalse();
        assertThat(SyncCalls.run(interceptor, TestTools.invocation(inline, echoArgs("y")), inv -> textResult("next"))
                        .content())
                .as("its slot came back")
                .hasSize(1);
    }

    @Test
    void aCallCancelledBeforeItsHandlerStartsNeverRuns() {
        ResilienceInterceptor interceptor = new ResilienceInterceptor(handlers, GENEROUS, 4, 4);
        CallCancellation cancellation = CallCancellation.create();
        cancellation.cancel();
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> SyncCalls.run(interceptor, cancellable(echo(), cancellation), inv -> {
                    ran.set(true);
                    return textResult("ran");
                }))
                .isInstanceOf(ToolCancelledException.class);
        assertThat(ran).isFalse();
    }

    @Test
    void whatAHandlerReturnsAfterItsCallWasCancelledIsNotUsed() {
        ResilienceInterceptor interceptor = new ResilienceInterceptor(handlers, GENEROUS, 4, 4);
        CallCancellation cancellation = CallCancellation.create();

        assertThatThrownBy(() -> SyncCalls.run(interceptor, cancellable(echo(), cancellation), inv -> {
                    cancellation.cancel(); // the client cancels while the handler runs; it stops cooperatively
                    Thread.interrupted();
                    return textResult("partial");
                }))
                .isInstanceOf(ToolCancelledException.class);
    }

    @Test
    void aCallNoClientCancelsIsAnsweredAsBefore() {
        ResilienceInterceptor interceptor = new ResilienceInterceptor(handlers, GENEROUS, 4, 4);

        assertThat(SyncCalls.run(interceptor, TestTools.invocation(echo(), echoArgs("x")), inv -> textResult("ok"))
                        .isError())
                .isFalse();
        assertThat(CallCancellation.NEVER.cancel()).isFalse();
        assertThat(CallCancellation.NEVER.isCancelled()).isFalse();
    }

    @Test
    void anIsolatedCallThatTimesOutIsOverForItsHandlerWhichStopsAndGivesTheToolBack() throws Exception {
        // One permit: a handler that polled on after its timeout kept the tool "busy" for as long as it looped.
        DeadlinesByHand deadlines = new DeadlinesByHand();
        ResilienceInterceptor interceptor = new ResilienceInterceptor(handlers, GENEROUS, 4, 4, deadlines.timer());
        Tool<?, ?> tool =
                echo(builder -> builder.timeout(Duration.ofMillis(100)).maxConcurrency(1));
        CallCancellation cancellation = CallCancellation.create();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> sawItOver = new CompletableFuture<>();
        SyncCalls.SyncChain polling = inv -> {
            started.countDown();
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < giveUp) {
                if (inv.cancellation().isOver()) { // what CallContext.isCancelled() reads
                    sawItOver.complete(true);
                    throw new ToolCancelledException(inv.toolName());
                }
                Thread.onSpinWait();
            }
            sawItOver.complete(false);
            return textResult("late");
        };

        CompletableFuture<CallToolResult> call = callAsync(interceptor, cancellable(tool, cancellation), polling);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        deadlines.passAll();

        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(dev.bulwark.core.ToolTimeoutException.class);

        assertThat(sawItOver.get(30, TimeUnit.SECONDS))
                .as("the handler was told")
                .isTrue();
        assertThat(cancellation.isCancelled())
                .as("the client did not cancel it")
                .isFalse();
        // its permit comes back as its handler returns, just after it saw the call was over
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                assertThat(TestTools.text(SyncCalls.run(
                                interceptor, cancellable(tool, CallCancellation.create()), inv -> textResult("next"))))
                        .isEqualTo("next");
                break;
            } catch (ServerBusyException busy) {
                if (System.nanoTime() > deadline) {
                    throw busy;
                }
                Thread.sleep(10);
            }
        }
    }

    @Test
    void theSharedNeverCancellationIsNeverMarkedOver() {
        CallCancellation.NEVER.timedOut();

        assertThat(CallCancellation.NEVER.isOver()).isFalse();
    }
}
