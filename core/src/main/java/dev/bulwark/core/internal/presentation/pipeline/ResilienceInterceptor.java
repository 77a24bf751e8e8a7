package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.ServerBusyException;
import dev.bulwark.core.ToolTimeoutException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCancelledException;
import dev.failsafe.Bulkhead;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Bounds each call in time and in concurrency: a server-wide bulkhead and a per-tool bulkhead (Failsafe's, their
 * permits taken directly, without waiting, see {@link #takePermits}), and a per-tool timeout. By default
 * ({@link Tool.Execution#ISOLATED}) the handler runs on the given executor (one virtual thread per call on Java 21+,
 * see {@link ToolExecutors}) as a plain {@link FutureTask}, and the calling thread waits for it with a timed
 * {@code get}: no timer is scheduled and nothing is cancelled when the call ends in time. At the deadline the caller
 * is answered at once even if the handler ignores the interrupt it gets then; the call's bulkhead permits stay taken
 * until the handler really ends, so stuck handlers cannot pile up unbounded. A tool declared
 * {@link Tool.Execution#CALLER_THREAD} runs on the calling thread under the two bulkheads only, with no hand-off and no
 * timeout; a call of it that outlasts the default timeout is logged as a warning.
 *
 * <p>A call its client cancels ({@link CallCancellation}) is interrupted, gives its permits back at once, and is
 * answered with a {@link ToolCancelledException} (an isolated call at once; a caller-thread call when its handler
 * returns). A full bulkhead answers at once with "server busy"; a timeout answers with "did not finish".
 * Thread-safe.
 */
public final class ResilienceInterceptor implements ToolInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ResilienceInterceptor.class);

    private final ExecutorService executor;
    private final Duration defaultTimeout;
    private final int defaultPerToolConcurrency;
    private final Bulkhead<CallToolResult> serverBulkhead;
    private final int serverConcurrency;
    private final Map<String, ToolGuard> guards = new ConcurrentHashMap<>();

    public ResilienceInterceptor(
            ExecutorService executor, Duration defaultTimeout, int serverConcurrency, int defaultPerToolConcurrency) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        this.serverConcurrency = serverConcurrency;
        this.defaultPerToolConcurrency = defaultPerToolConcurrency;
        this.serverBulkhead = Bulkhead.<CallToolResult>builder(serverConcurrency).build();
    }

    @Override
    public CallToolResult intercept(ToolInvocation invocation, ToolCallChain next) {
        ToolGuard guard = guards.computeIfAbsent(invocation.toolName(), name -> guardFor(invocation));
        if (invocation.cancellation().isCancelled()) {
            throw new ToolCancelledException(invocation.toolName());
        }
        return guard.callerThread() ? onCallerThread(invocation, next, guard) : isolated(invocation, next, guard);
    }

    /**
     * Runs the handler on this thread under the two bulkheads (no Failsafe executor: it would only add its own
     * bookkeeping, about 1 µs a call), and says so when it outlasted the default timeout.
     */
    private CallToolResult onCallerThread(ToolInvocation invocation, ToolCallChain next, ToolGuard guard) {
        String tool = invocation.toolName();
        takePermits(tool, guard);
        long start = System.nanoTime();
        CallCancellation cancellation = invocation.cancellation();
        if (cancellation == CallCancellation.NEVER) {
            try {
                return next.proceed(invocation);
            } finally {
                releasePermits(guard);
                warnIfSlow(tool, System.nanoTime() - start, guard.timeout());
            }
        }
        CallPermits permits = new CallPermits(() -> releasePermits(guard));
        CallerThreadInterrupt interrupt = new CallerThreadInterrupt();
        Runnable undo = cancellation.onCancel(() -> {
            permits.abandon();
            interrupt.interrupt();
        });
        try {
            CallToolResult result = next.proceed(invocation);
            if (cancellation.isCancelled()) {
                throw new ToolCancelledException(tool);
            }
            return result;
        } catch (RuntimeException | Error failure) {
            if (cancellation.isCancelled()) {
                throw new ToolCancelledException(tool);
            }
            throw failure;
        } finally {
            undo.run();
            interrupt.finish();
            permits.release();
            warnIfSlow(tool, System.nanoTime() - start, guard.timeout());
        }
    }

    private static void warnIfSlow(String tool, long tookNanos, Duration timeout) {
        if (tookNanos > timeout.toNanos()) {
            LOG.warn("Tool {} runs on the caller's thread without a timeout and took {} ms, longer than the {} ms"
                    + " timeout of other tools: declare it Execution.ISOLATED", tool,
                    TimeUnit.NANOSECONDS.toMillis(tookNanos), timeout.toMillis());
        }
    }

    /**
     * Runs the handler on the tool executor and answers at the deadline, whatever the handler does, or at once when
     * the client cancels the call.
     */
    private CallToolResult isolated(ToolInvocation invocation, ToolCallChain next, ToolGuard guard) {
        String tool = invocation.toolName();
        takePermits(tool, guard);
        CallPermits permits = new CallPermits(() -> releasePermits(guard));
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Context trace = Context.current(); // the tool call's span: the parent of the handler's outbound calls
        FutureTask<CallToolResult> call = new FutureTask<>(() -> {
            if (!permits.start()) {
                throw new CancellationException("the call was answered before its handler started");
            }
            try (Scope ignored = trace.makeCurrent()) {
                return runWithMdc(mdc, next, invocation);
            } finally {
                permits.release(); // when the handler really ends, not when the caller was answered
            }
        });
        // Registered before the handler can start, so a cancellation always gives the permits back on the
        // cancelling thread, at once, wherever the caller's thread is.
        Runnable undo = invocation.cancellation().onCancel(() -> {
            permits.abandon();
            call.cancel(true);
        });
        try {
            executor.execute(call);
            return await(call, invocation, guard.timeout());
        } finally {
            undo.run();
            permits.releaseIfNeverStarted();
        }
    }

    /**
     * Takes a permit of the server's bulkhead and of the tool's, or answers "server busy" at once. They are taken
     * here, without waiting, rather than by bulkhead policies in the Failsafe executor: in Failsafe 3.3.2 a permit
     * released while a refused call's acquisition is being cancelled goes to that call and is lost for good (the
     * async cousin of failsafe#393), which under overload would shrink the bulkhead one permit at a time.
     */
    private void takePermits(String tool, ToolGuard guard) {
        if (!serverBulkhead.tryAcquirePermit()) {
            throw new ServerBusyException(tool, "server-wide", serverConcurrency);
        }
        if (!guard.toolBulkhead().tryAcquirePermit()) {
            serverBulkhead.releasePermit();
            throw new ServerBusyException(tool, "per-tool", guard.concurrency());
        }
    }

    private void releasePermits(ToolGuard guard) {
        guard.toolBulkhead().releasePermit();
        serverBulkhead.releasePermit();
    }

    private static CallToolResult await(FutureTask<CallToolResult> call, ToolInvocation invocation,
            Duration timeout) {
        String tool = invocation.toolName();
        CallToolResult result;
        try {
            try {
                result = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillRunning) {
                // Cancelling answers now and interrupts the handler; the permits stay taken until the handler really
                // ends. If the call finished meanwhile, get() returns (or throws) its outcome; otherwise it throws
                // CancellationException.
                call.cancel(true);
                result = call.get();
            }
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ToolTimeoutException(tool, timeout, invocation.tool().readOnly());
        } catch (ExecutionException | CancellationException e) {
            if (invocation.cancellation().isCancelled()) {
                throw new ToolCancelledException(tool);
            }
            if (e instanceof CancellationException) {
                throw new ToolTimeoutException(tool, timeout, invocation.tool().readOnly());
            }
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("tool call failed", cause);
        }
        if (invocation.cancellation().isCancelled()) {
            throw new ToolCancelledException(tool); // what the handler returned after the cancellation is not used
        }
        return result;
    }

    /** The policies of one tool, built once: they depend only on the tool's declaration. */
    private ToolGuard guardFor(ToolInvocation invocation) {
        Duration timeout = invocation.tool().timeout().orElse(defaultTimeout);
        int concurrency = invocation.tool().maxConcurrency().orElse(defaultPerToolConcurrency);
        Bulkhead<CallToolResult> toolBulkhead = Bulkhead.<CallToolResult>builder(concurrency).build();
        return new ToolGuard(toolBulkhead, timeout, invocation.tool().execution() == Tool.Execution.CALLER_THREAD);
    }

    /**
     * One tool's guard: its own bulkhead, its timeout (enforced for isolated tools, the threshold of the slow-call
     * warning for the others), and whether it runs on the caller's thread.
     */
    private record ToolGuard(Bulkhead<CallToolResult> toolBulkhead, Duration timeout, boolean callerThread) {

        int concurrency() {
            return toolBulkhead.getConfig().getMaxConcurrency();
        }
    }

    private static CallToolResult runWithMdc(Map<String, String> mdc, ToolCallChain next, ToolInvocation invocation) {
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        try {
            return next.proceed(invocation);
        } finally {
            MDC.clear();
        }
    }
}
