package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.business.caching.Prefetched;
import dev.bulwark.ports.origin.ProtocolEra;
import java.util.Map;
import java.util.Objects;

/**
 * One tool call as it travels the pipeline, with what earlier steps decided. Immutable.
 *
 * @param prefetched the cache entry read with the rate limit
 * @param rateLimitCharged whether it was charged earlier
 * @param followUp whether it follows an earlier call: not audited, charged or bounded
 * @param method the method its metrics name
 */
public record ToolInvocation(
        Tool<?, ?> tool,
        Map<String, Object> arguments,
        CallContext context,
        Prefetched prefetched,
        CallCancellation cancellation,
        ProtocolEra protocolEra,
        DeferredHandler deferredHandler,
        boolean rateLimitCharged,
        boolean followUp,
        String method) {

    /** The method of a call of a tool. */
    public static final String TOOLS_CALL = "tools/call";

    public ToolInvocation {
        Objects.requireNonNull(tool, "tool");
        arguments = CallArguments.of(arguments);
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(protocolEra, "protocolEra");
        Objects.requireNonNull(method, "method");
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
        this(
                tool,
                arguments,
                context,
                prefetched,
                cancellation,
                protocolEra,
                deferredHandler,
                false,
                false,
                TOOLS_CALL);
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
                tool,
                arguments,
                context,
                read,
                cancellation,
                protocolEra,
                deferredHandler,
                rateLimitCharged,
                followUp,
                method);
    }

    /**
     * This call with its isolated handler held in {@code handler} for the caller to run, or ({@code null}) run on
     * the tool executor.
     */
    public ToolInvocation withDeferredHandler(DeferredHandler handler) {
        return handler == deferredHandler
                ? this
                : new ToolInvocation(
                        tool,
                        arguments,
                        context,
                        prefetched,
                        cancellation,
                        protocolEra,
                        handler,
                        rateLimitCharged,
                        followUp,
                        method);
    }

    /** This call, its rate limit charged already when {@code charged}: as a task, or as a call accepted to run later. */
    public ToolInvocation withRateLimitCharged(boolean charged) {
        return charged == rateLimitCharged
                ? this
                : new ToolInvocation(
                        tool,
                        arguments,
                        context,
                        prefetched,
                        cancellation,
                        protocolEra,
                        deferredHandler,
                        charged,
                        followUp,
                        method);
    }

    /** This call as a follow-up of an earlier one when {@code follows}: see {@link #followUp()}. */
    public ToolInvocation asFollowUp(boolean follows) {
        return follows == followUp
                ? this
                : new ToolInvocation(
                        tool,
                        arguments,
                        context,
                        prefetched,
                        cancellation,
                        protocolEra,
                        deferredHandler,
                        rateLimitCharged,
                        follows,
                        method);
    }

    /** This call as one of {@code answered}, the JSON-RPC method its metrics name. */
    public ToolInvocation answering(String answered) {
        return answered.equals(method)
                ? this
                : new ToolInvocation(
                        tool,
                        arguments,
                        context,
                        prefetched,
                        cancellation,
                        protocolEra,
                        deferredHandler,
                        rateLimitCharged,
                        followUp,
                        answered);
    }
}
