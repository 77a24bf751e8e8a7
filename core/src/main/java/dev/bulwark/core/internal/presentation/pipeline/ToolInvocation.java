package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.business.caching.Prefetched;
import dev.bulwark.ports.origin.ProtocolEra;
import java.util.Map;
import java.util.Objects;

/**
 * One tool call as it travels the pipeline: the tool, its arguments and context, and what earlier steps decided.
 * Immutable.
 *
 * @param prefetched the cache entry read in the rate limit's trip ({@link RateLimitInterceptor}), or {@code null}
 * @param rateLimitCharged whether the rate limit was charged already (a task's run, charged at its creation)
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
