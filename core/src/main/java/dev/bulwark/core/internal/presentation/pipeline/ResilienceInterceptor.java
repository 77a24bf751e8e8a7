package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.ServerBusyException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCancelledException;
import dev.failsafe.Bulkhead;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds each call in time and in concurrency: a server-wide and a per-tool bulkhead, and a per-tool timeout (neither
 * for a follow-up of an earlier call). Thread-safe.
 */
final class ResilienceInterceptor implements ToolInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ResilienceInterceptor.class);

    private final ExecutorService executor;
    private final Duration defaultTimeout;
    private final int defaultPerToolConcurrency;
    private final Bulkhead<CallToolResult> serverBulkhead;
    private final int serverConcurrency;
    /**
     * The guards by tool name and the limits the tool declares: tools of one name may declare different limits (an
     * extension's resource read with a deadline for one URI, a gateway tool listed again with another), and each
     * declaration keeps its own.
     */
    private final Map<GuardKey, ToolGuard> guards = new ConcurrentHashMap<>();

    private final ToolDeadlines deadlines;

    public ResilienceInterceptor(
            ExecutorService executor, Duration defaultTimeout, int serverConcurrency, int defaultPerToolConcurrency) {
        this(executor, defaultTimeout, serverConcurrency, defaultPerToolConcurrency, ToolDeadlines.shared());
    }

    /** With {@code deadlines} as the timer of isolated calls: a test's timer moves only when the test says. */
    ResilienceInterceptor(
            ExecutorService executor,
            Duration defaultTimeout,
            int serverConcurrency,
            int defaultPerToolConcurrency,
            ToolDeadlines deadlines) {
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        this.serverConcurrency = serverConcurrency;
        this.defaultPerToolConcurrency = defaultPerToolConcurrency;
        this.serverBulkhead =
                Bulkhead.<CallToolResult>builder(serverConcurrency).build();
    }

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        ToolGuard guard = guards.computeIfAbsent(
                new GuardKey(
                        invocation.toolName(),
                        invocation.tool().timeout(),
                        invocation.tool().maxConcurrency()),
                key -> guardFor(invocation));
        if (invocation.cancellation().isCancelled()) {
            throw new ToolCancelledException(invocation.toolName());
        }
        return guard.callerThread()
                ? CompletableFuture.completedFuture(onCallerThread(invocation, next, guard))
                : isolated(invocation, next, guard);
    }

    /**
     * Runs the handler on this thread under the two bulkheads (no Failsafe executor: it would only add its own
     * bookkeeping, about 1 µs a call), and says so when it outlasted the default timeout.
     */
    private CallToolResult onCallerThread(ToolInvocation invocation, ToolCallChain next, ToolGuard guard) {
        String tool = invocation.toolName();
        takePermits(invocation, guard);
        long start = System.nanoTime();
        CallCancellation cancellation = invocation.cancellation();
        if (cancellation == CallCancellation.NEVER) {
            try {
                return CallOutcomes.join(next.proceed(invocation));
            } finally {
                releasePermits(invocation, guard);
                warnIfSlow(tool, System.nanoTime() - start, guard.timeout());
            }
        }
        CallPermits permits = new CallPermits(() -> releasePermits(invocation, guard));
        CallerThreadInterrupt interrupt = new CallerThreadInterrupt();
        Runnable undo = cancellation.onCancel(() -> {
            permits.abandon();
            interrupt.interrupt();
        });
        try {
            CallToolResult result = CallOutcomes.join(next.proceed(invocation));
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
            LOG.warn(
                    "Tool {} runs on the caller's thread without a timeout and took {} ms, longer than the {} ms"
                            + " timeout of other tools: declare it Execution.ISOLATED",
                    tool,
                    TimeUnit.NANOSECONDS.toMillis(tookNanos),
                    timeout.toMillis());
        }
    }

    /** Runs the handler on the tool executor, or holds it for the caller; see {@link IsolatedCall}. */
    private CompletableFuture<CallToolResult> isolated(ToolInvocation invocation, ToolCallChain next, ToolGuard guard) {
        takePermits(invocation, guard);
        CallPermits permits = new CallPermits(() -> releasePermits(invocation, guard));
        try {
            Duration timeout = invocation.followUp() ? null : guard.timeout(); // bounded by what it follows
            return new IsolatedCall(invocation, next, permits, timeout, executor, deadlines).start();
        } catch (RuntimeException | Error e) {
            permits.release(); // released once: a start that failed must not keep the tool "busy" for good
            throw e;
        }
    }

    /**
     * Takes a permit of the server's bulkhead and of the tool's, or answers "server busy" at once. They are taken
     * here, without waiting, rather than by bulkhead policies in the Failsafe executor: in Failsafe 3.3.2 a permit
     * released while a refused call's acquisition is being cancelled goes to that call and is lost for good (the
     * async cousin of failsafe#393), which under overload would shrink the bulkhead one permit at a time.
     */
    private void takePermits(ToolInvocation invocation, ToolGuard guard) {
        if (invocation.followUp()) {
            // A follow-up (a task's status poll, say) holds no permit: the call it follows holds its own, and a server
            // busy with that work must still tell its caller how the work goes.
            return;
        }
        String tool = invocation.toolName();
        if (!serverBulkhead.tryAcquirePermit()) {
            throw new ServerBusyException(tool, "server-wide", serverConcurrency);
        }
        if (!guard.toolBulkhead().tryAcquirePermit()) {
            serverBulkhead.releasePermit();
            throw new ServerBusyException(tool, "per-tool", guard.concurrency());
        }
    }

    private void releasePermits(ToolInvocation invocation, ToolGuard guard) {
        if (invocation.followUp()) {
            return;
        }
        guard.toolBulkhead().releasePermit();
        serverBulkhead.releasePermit();
    }

    /** The policies of one tool, built once: they depend only on the tool's declaration. */
    private ToolGuard guardFor(ToolInvocation invocation) {
        Duration timeout = invocation.tool().timeout().orElse(defaultTimeout);
        int concurrency = invocation.tool().maxConcurrency().orElse(defaultPerToolConcurrency);
        Bulkhead<CallToolResult> toolBulkhead =
                Bulkhead.<CallToolResult>builder(concurrency).build();
        return new ToolGuard(toolBulkhead, timeout, invocation.tool().execution() == Tool.Execution.CALLER_THREAD);
    }

    /** What a guard is built from: a tool's name and the limits it declares. */
    private record GuardKey(String name, Optional<Duration> timeout, OptionalInt maxConcurrency) {}

    /**
     * One tool's guard: its own bulkhead, its timeout (enforced for isolated tools, the threshold of the slow-call
     * warning for the others), and whether it runs on the caller's thread.
     */
    private record ToolGuard(Bulkhead<CallToolResult> toolBulkhead, Duration timeout, boolean callerThread) {

        int concurrency() {
            return toolBulkhead.getConfig().getMaxConcurrency();
        }
    }
}
