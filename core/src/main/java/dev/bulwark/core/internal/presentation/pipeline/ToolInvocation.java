package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.business.caching.Prefetched;
import dev.bulwark.ports.origin.ProtocolEra;
import java.util.Map;
import java.util.Objects;

/**
 * One tool call as it travels the pipeline: the tool, the raw arguments the client sent, the call context, and the
 * cache entry read together with its rate-limit decision, if it was. Immutable.
 *
 * @param tool the tool called
 * @param arguments the arguments as sent (never null; unmodifiable)
 * @param context who called, the request id, and channels back to the client
 * @param prefetched the call's cache entry as the store held it when the rate limit was decided in the same trip
 *     ({@link RateLimitInterceptor}), for {@link CachingInterceptor}; {@code null} when it was not read that way
 * @param cancellation whether the client cancelled the call, and what that stops ({@link ResilienceInterceptor})
 * @param protocolEra the protocol era of the request, for the
 *     metrics and the audit line
 * @param deferredHandler where an isolated handler is held for the caller to run on its own thread, or {@code null}:
 *     it runs on the tool executor ({@link ResilienceInterceptor})
 * @param rateLimitCharged whether the call's rate limit was charged already (the run of a task, charged when the task
 *     was created): {@link RateLimitInterceptor} does not charge it again
 */
public record ToolInvocation(
        Tool<?, ?> tool,
        Map<String, Object> arguments,
        CallContext context,
        Prefetched prefetched,
        CallCancellation cancellation,
        ProtocolEra protocolEra,
        DeferredHandler deferredHandler,
        boolean rateLimitCharged) {

    public ToolInvocation {
        Objects.requireNonNull(tool, "tool");
        arguments = CallArguments.of(arguments);
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(protocolEra, "protocolEra");
    }

    /** A call not charged yet, its isolated handler held in {@code deferredHandler} (or run on the executor). */
    public ToolInvocation(
            Tool<?, ?> tool,
            Map<String, Object> arguments,
            CallContext context,
            Prefetched prefetched,
            CallCancellation cancellation,
            ProtocolEra protocolEra,
            DeferredHandler deferredHandler) {
        this(tool, arguments, context, prefetched, cancellation, protocolEra, deferredHandler, false);
    }

    /** A call whose isolated handler runs on the tool executor. */
    public ToolInvocation(
            Tool<?, ?> tool,
            Map<String, Object> arguments,
            CallContext context,
            Prefetched prefetched,
            CallCancellation cancellation,
            ProtocolEra protocolEra) {
        this(tool, arguments, context, prefetched, cancellation, protocolEra, null);
    }

    /** A call no client can cancel, nothing read yet: one run directly on the pipeline. */
    public ToolInvocation(Tool<?, ?> tool, Map<String, Object> arguments, CallContext context) {
        this(tool, arguments, context, null, CallCancellation.NEVER, ProtocolEra.SESSIONS_2025_11_25);
    }

    /** A call as a transport hands it to the pipeline, nothing read yet, cancelled by {@code cancellation}. */
    public ToolInvocation(
            Tool<?, ?> tool, Map<String, Object> arguments, CallContext context, CallCancellation cancellation) {
        this(tool, arguments, context, null, cancellation, ProtocolEra.SESSIONS_2025_11_25);
    }

    /** A call as a transport hands it to the pipeline, of protocol era {@code protocolEra}. */
    public ToolInvocation(
            Tool<?, ?> tool,
            Map<String, Object> arguments,
            CallContext context,
            CallCancellation cancellation,
            ProtocolEra protocolEra) {
        this(tool, arguments, context, null, cancellation, protocolEra);
    }

    public String toolName() {
        return tool.name();
    }

    /** This call with {@code read}, the cache entry read together with its rate-limit decision. */
    ToolInvocation withPrefetched(Prefetched read) {
        return new ToolInvocation(
                tool, arguments, context, read, cancellation, protocolEra, deferredHandler, rateLimitCharged);
    }

    /**
     * This call with its isolated handler held in {@code handler} for the caller to run, or ({@code null}) run on
     * the tool executor.
     */
    public ToolInvocation withDeferredHandler(DeferredHandler handler) {
        return handler == deferredHandler
                ? this
                : new ToolInvocation(
                        tool, arguments, context, prefetched, cancellation, protocolEra, handler, rateLimitCharged);
    }

    /** This call, its rate limit charged already when {@code charged}. */
    public ToolInvocation withRateLimitCharged(boolean charged) {
        return charged == rateLimitCharged
                ? this
                : new ToolInvocation(
                        tool, arguments, context, prefetched, cancellation, protocolEra, deferredHandler, charged);
    }
}
