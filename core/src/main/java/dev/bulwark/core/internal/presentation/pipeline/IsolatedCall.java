package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.ToolCancelledException;
import dev.bulwark.core.ToolTimeoutException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call of an isolated tool, answered once: by its handler, its deadline or its cancellation. Thread-safe.
 */
final class IsolatedCall implements Runnable {

    private final ToolInvocation invocation;
    private final ToolCallChain handler;
    private final CallPermits permits;
    private final Duration timeout;
    private final Executor executor;
    private final ToolDeadlines deadlines;
    /** The call's MDC keys and trace (the tool call's span: the parent of the handler's own calls). */
    private final CallScope scope = CallScope.current();

    private final CompletableFuture<CallToolResult> outcome = new CompletableFuture<>();
    /** Taken by whichever answers the call first, before it interrupts anything, so the answer is that one's. */
    private final AtomicBoolean answered = new AtomicBoolean();

    private volatile CallerThreadInterrupt running;
    private volatile ToolDeadlines.Deadline deadline;
    private volatile Runnable undoCancel = () -> {};

    /**
     * @param invocation the call
     * @param handler the rest of the chain: the handler, which completes on the thread that runs it
     * @param permits the call's bulkhead permits, already taken
     * @param timeout how long the handler may run, or {@code null} for a follow-up, which has no deadline of its own
     * @param executor where the handler runs unless the caller holds it
     * @param deadlines the timer that answers the call at its deadline
     */
    IsolatedCall(
            ToolInvocation invocation,
            ToolCallChain handler,
            CallPermits permits,
            Duration timeout,
            Executor executor,
            ToolDeadlines deadlines) {
        this.invocation = invocation;
        this.handler = handler;
        this.permits = permits;
        this.timeout = timeout;
        this.executor = executor;
        this.deadlines = deadlines;
    }

    /** Starts the call: sets its deadline (if it has one), then hands its handler to the caller or the tool executor. */
    CompletableFuture<CallToolResult> start() {
        // Registered before the handler can start, so a cancellation always gives the permits back at once.
        undoCancel = invocation.cancellation().onCancel(this::cancelled);
        if (timeout != null) {
            deadline = deadlines.set(this::deadlinePassed, timeout);
            if (answered.get()) {
                deadline.cancel(); // cancelled while its deadline was being set
            }
        }
        DeferredHandler deferred = invocation.deferredHandler();
        if (deferred != null) {
            deferred.hold(this);
            return outcome;
        }
        try {
            executor.execute(this);
        } catch (RejectedExecutionException refused) {
            permits.releaseIfNeverStarted();
            cancelDeadline();
            if (answered.compareAndSet(false, true)) {
                answerHere(refused);
            }
        }
        return outcome;
    }

    /** Runs the handler on this thread, unless the call was answered before it could start. */
    @Override
    public void run() {
        CallerThreadInterrupt interrupt = new CallerThreadInterrupt();
        running = interrupt;
        if (!permits.start()) {
            interrupt.finish();
            return;
        }
        String[] previous = scope.enter();
        try (Scope ignored = scope.trace().makeCurrent()) {
            CallToolResult result = null;
            Throwable failure = null;
            try {
                result = CallOutcomes.join(CallOutcomes.proceed(handler, invocation));
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                interrupt.finish(); // no interrupt meant for the handler reaches what runs next on this thread
                permits.release(); // when the handler really ends, not when the caller was answered
            }
            finish(result, failure);
        } finally {
            scope.exit(previous);
        }
    }

    /** The handler ended: answers with its outcome, unless the client cancelled the call meanwhile. */
    private void finish(CallToolResult result, Throwable failure) {
        cancelDeadline();
        undoCancel.run();
        if (!answered.compareAndSet(false, true)) {
            return; // answered at the deadline or the cancellation
        }
        if (invocation.cancellation().isCancelled()) {
            outcome.completeExceptionally(new ToolCancelledException(invocation.toolName()));
        } else if (failure != null) {
            outcome.completeExceptionally(failure);
        } else {
            outcome.complete(result);
        }
    }

    /** On the timer thread: the handler ran out of time. */
    private void deadlinePassed() {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        permits.releaseIfNeverStarted(); // a handler still queued never starts; a running one keeps its permits
        invocation.cancellation().timedOut(); // a handler that polls CallContext.isCancelled() stops
        CallerThreadInterrupt interrupt = running;
        if (interrupt != null) {
            DeferredHandler deferred = invocation.deferredHandler();
            // A handler held on its caller's thread keeps that thread past the deadline: its caller is told.
            interrupt.interrupt(deferred == null ? thread -> {} : deferred::heldPastDeadline);
        }
        answerHere(new ToolTimeoutException(
                invocation.toolName(), timeout, invocation.tool().readOnly()));
    }

    /**
     * On the cancelling thread: the client cancelled the call. Never answered on the tool executor, which a stuck
     * handler may be holding.
     */
    private void cancelled() {
        permits.abandon();
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        interruptHandler();
        cancelDeadline();
        answerHere(new ToolCancelledException(invocation.toolName()));
    }

    /** Keeps the deadline from firing, once it is set. */
    private void cancelDeadline() {
        ToolDeadlines.Deadline timer = deadline;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void interruptHandler() {
        CallerThreadInterrupt interrupt = running;
        if (interrupt != null) {
            interrupt.interrupt();
        }
    }

    /** Answers with {@code failure} on this thread, in the call's MDC and trace context; once the answer is taken. */
    private void answerHere(Throwable failure) {
        undoCancel.run();
        scope.run(() -> outcome.completeExceptionally(failure));
    }
}
