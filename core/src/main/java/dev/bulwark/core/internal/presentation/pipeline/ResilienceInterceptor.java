package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.ServerBusyException;
import dev.bulwark.core.ToolTimeoutException;
import dev.bulwark.core.Tool;
import dev.failsafe.Bulkhead;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * Bounds each call in time and in concurrency with Failsafe policies: a server-wide bulkhead, a per-tool bulkhead
 * (their permits taken directly, without waiting, see {@link #takePermits}), and a per-tool timeout that interrupts
 * the handler ({@code Failsafe.with(timeout)} on the tool executor). By default ({@link Tool.Execution#ISOLATED}) the handler runs on
 * the given executor (virtual threads on Java 21+ when the bootstrap provides them), and the caller waits for it no
 * longer than the timeout: it gets its answer at the deadline even if the handler ignores the interrupt (whose
 * bulkhead permits stay taken until it really ends, so stuck handlers cannot pile up unbounded). A tool declared
 * {@link Tool.Execution#CALLER_THREAD} runs on the calling thread under the two bulkheads only (their permits taken
 * directly), with neither the thread hand-off nor a timer (Failsafe's {@code Timeout} schedules a timer task and
 * cancels it on every call, which costs more than such a tool's whole call); a call of it that outlasts the default
 * timeout is logged as a warning.
 * A full bulkhead answers at once with "server busy"; a timeout answers with "did not finish".
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
        try {
            return next.proceed(invocation);
        } finally {
            releasePermits(guard);
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

    /** Runs the handler on the tool executor and answers at the deadline, whatever the handler does. */
    private CallToolResult isolated(ToolInvocation invocation, ToolCallChain next, ToolGuard guard) {
        String tool = invocation.toolName();
        Duration timeout = guard.timeout();
        takePermits(tool, guard);
        CallPermits permits = new CallPermits(() -> releasePermits(guard));
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Context trace = Context.current(); // the tool call's span: the parent of the handler's outbound calls
        try {
            CompletableFuture<CallToolResult> call = guard.failsafe().getAsync(() -> {
                if (!permits.start()) {
                    throw new CancellationException("the call was answered before its handler started");
                }
                try (Scope ignored = trace.makeCurrent()) {
                    return runWithMdc(mdc, () -> next.proceed(invocation));
                } finally {
                    permits.release(); // when the handler really ends, not when the caller was answered
                }
            });
            return await(call, invocation, timeout);
        } finally {
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

    private static CallToolResult await(CompletableFuture<CallToolResult> call, ToolInvocation invocation,
            Duration timeout) {
        String tool = invocation.toolName();
        try {
            try {
                return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillRunning) {
                // Failsafe completes a timed-out async call only once the handler returns, so a handler that ignores
                // the interrupt would hold the caller. Cancelling answers now and interrupts the handler; the
                // permits stay taken until the handler really ends. If the call finished meanwhile, get() returns
                // (or throws) its outcome; otherwise it throws CancellationException.
                call.cancel(true);
                return call.get();
            }
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ToolTimeoutException(tool, timeout, invocation.tool().readOnly());
        } catch (ExecutionException | CompletionException | CancellationException e) {
            Throwable cause = e instanceof CancellationException ? e : e.getCause();
            if (cause instanceof TimeoutExceededException || cause instanceof CancellationException) {
                throw new ToolTimeoutException(tool, timeout, invocation.tool().readOnly());
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("tool call failed", cause);
        }
    }

    /**
     * The two permits of one isolated call, given back exactly once: by its handler when it ends, or, when the
     * handler never started (cancelled while queued, refused by the executor), by the caller; whichever of the two
     * claims the call first decides, so a handler the caller gave up on before it started never runs.
     */
    private static final class CallPermits {
        private final Runnable releaseBoth;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();

        CallPermits(Runnable releaseBoth) {
            this.releaseBoth = releaseBoth;
        }

        /** The handler is about to run; false when the caller already gave the call up. */
        boolean start() {
            return claimed.compareAndSet(false, true);
        }

        void releaseIfNeverStarted() {
            if (claimed.compareAndSet(false, true)) {
                release();
            }
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                releaseBoth.run();
            }
        }
    }

    /** The policies of one tool, built once: they depend only on the tool's declaration. */
    private ToolGuard guardFor(ToolInvocation invocation) {
        Duration timeout = invocation.tool().timeout().orElse(defaultTimeout);
        int concurrency = invocation.tool().maxConcurrency().orElse(defaultPerToolConcurrency);
        Bulkhead<CallToolResult> toolBulkhead = Bulkhead.<CallToolResult>builder(concurrency).build();
        if (invocation.tool().execution() == Tool.Execution.CALLER_THREAD) {
            return new ToolGuard(null, toolBulkhead, timeout);
        }
        Timeout<CallToolResult> deadline = Timeout.<CallToolResult>builder(timeout).withInterrupt().build();
        return new ToolGuard(Failsafe.with(deadline).with(executor), toolBulkhead, timeout);
    }

    /**
     * One tool's policies: for an isolated tool the composed Failsafe executor (both bulkheads and the timeout, on
     * the tool executor), for a caller-thread tool none (it takes the bulkheads' permits itself); its own bulkhead,
     * and its timeout (enforced for isolated tools, the threshold of the slow-call warning for the others).
     */
    private record ToolGuard(
            FailsafeExecutor<CallToolResult> failsafe, Bulkhead<CallToolResult> toolBulkhead, Duration timeout) {

        boolean callerThread() {
            return failsafe == null;
        }

        int concurrency() {
            return toolBulkhead.getConfig().getMaxConcurrency();
        }
    }

    private static <T> T runWithMdc(Map<String, String> mdc, java.util.function.Supplier<T> work) {
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        try {
            return work.get();
        } finally {
            MDC.clear();
        }
    }
}
