package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.AccessDeniedException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.ResourceNotFoundException;
import dev.bulwark.core.ResultTooLargeException;
import dev.bulwark.core.internal.presentation.era2026.ClientInputRound;
import dev.bulwark.core.internal.presentation.era2026.InputRequiredSignal;
import dev.bulwark.core.internal.presentation.pipeline.CallCancellation;
import dev.bulwark.core.internal.presentation.pipeline.ErrorMappingInterceptor;
import dev.bulwark.core.internal.presentation.pipeline.RequestIds;
import dev.bulwark.core.internal.presentation.pipeline.ResultSizeLimit;
import dev.bulwark.core.internal.presentation.pipeline.TracingInterceptor;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.Span;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every MCP request to a Bulwark server passes before and after its handler: its caller, its request id (in the
 * MDC while the handler runs), the scopes a resource, prompt or completion requires, safe error messages, and the
 * result size limit. Immutable and thread-safe.
 */
final class RequestGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);

    private final Principal defaultCaller;
    private final ResultSizeLimit resultSizeLimit;

    /**
     * @param defaultCaller the caller of requests whose transport names none, or {@code null} to refuse them
     * @param resultSizeLimit the largest resource or prompt that is sent
     */
    RequestGuard(Principal defaultCaller, ResultSizeLimit resultSizeLimit) {
        this.defaultCaller = defaultCaller;
        this.resultSizeLimit = Objects.requireNonNull(resultSizeLimit, "resultSizeLimit");
    }

    /** The caller of requests whose transport names none; {@code null} when they are refused. */
    Principal defaultCaller() {
        return defaultCaller;
    }

    /**
     * Refuses a caller that lacks one of {@code required} before anything is read or rendered, with a JSON-RPC
     * "invalid params" error naming the scopes it lacks, as a reader refusing with a {@code BulwarkException} would.
     */
    static void requireScopes(String kind, String name, Set<String> required, CallContext context) {
        if (required.isEmpty() || context.principal().hasAllScopes(required)) {
            return;
        }
        Set<String> missing = context.principal().missingScopes(required);
        LOG.debug("Refused the {} '{}' to a caller without scope(s) {}", kind, name, missing);
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message(new AccessDeniedException(kind, name, missing).getMessage())
                .build();
    }

    /**
     * The context of one request: its caller, its request id (from the request's {@code _meta}, else the
     * transport's header), what it is for, the session exchange (none over stateless HTTP), and, for an MCP
     * 2026-era request, the input round and the notification sink its {@link RequestOrigin} holds.
     */
    CallContext contextOf(
            McpTransportContext transportContext,
            Map<String, Object> meta,
            String name,
            McpSyncServerExchange exchange,
            Object progressToken) {
        return contextOf(transportContext, meta, name, exchange, progressToken, CallCancellation.NEVER, null);
    }

    /**
     * The context of one tool call the client may cancel through {@code cancellation}; its requests to the client are
     * sent for the call's JSON-RPC id, which {@code meta} holds ({@link RpcIdInMeta}) when the
     * request was read by Bulwark's mapper.
     */
    CallContext contextOf(
            McpTransportContext transportContext,
            Map<String, Object> meta,
            String name,
            McpSyncServerExchange exchange,
            Object progressToken,
            CallCancellation cancellation) {
        return contextOf(transportContext, meta, name, exchange, progressToken, cancellation, RpcIdInMeta.of(meta));
    }

    private CallContext contextOf(
            McpTransportContext transportContext,
            Map<String, Object> meta,
            String name,
            McpSyncServerExchange exchange,
            Object progressToken,
            CallCancellation cancellation,
            Object callId) {
        RequestOrigin origin = RequestOrigins.of(transportContext);
        return new McpCallContext(
                principalOf(transportContext),
                RequestIds.choose(meta, origin.clientRequestId().orElse(null)),
                name,
                exchange,
                progressToken,
                cancellation,
                origin.inputRound().orElse(null) instanceof ClientInputRound round ? round : null,
                origin.notifications().orElse(null),
                callId instanceof String || callId instanceof Number ? callId : null,
                origin.taskRun(),
                origin.clientWaits().orElse(null),
                origin);
    }

    /**
     * The caller the transport put into its context; else the default caller, if this assembler has one. Without
     * either the request is refused: a transport that names no caller never silently gets the local operator.
     */
    private Principal principalOf(McpTransportContext context) {
        return callerOf(context, defaultCaller)
                .orElseThrow(() -> McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
                        .message("The transport named no caller for this request, so it was refused")
                        .build());
    }

    /** The caller the transport put into {@code context}, else {@code defaultPrincipal} (may be null), else none. */
    static Optional<Principal> callerOf(McpTransportContext context, Principal defaultPrincipal) {
        return RequestOrigins.of(context).caller().or(() -> Optional.ofNullable(defaultPrincipal));
    }

    /**
     * {@code result}, if it is within the result size limit; otherwise an MCP error saying how large it was (the
     * server's fault, not the caller's, so "internal error"), and a warning in the log.
     */
    <T> T sendable(String kind, String name, T result, long sizeBound, CallContext context) {
        try {
            resultSizeLimit.check(kind, name, result, sizeBound);
            return result;
        } catch (ResultTooLargeException tooLarge) {
            LOG.warn(
                    "The {} '{}' is {} bytes, over limits.max-result-size ({} bytes): not sent (request id {})",
                    kind,
                    name,
                    tooLarge.bytes(),
                    tooLarge.limit(),
                    context.requestId());
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                    .message(tooLarge.getMessage())
                    .build();
        }
    }

    /**
     * Runs a resource, prompt or completion handler with the request id in the MDC, mapping failures to safe MCP
     * errors. A handler that asked a 2026-era client for input ({@link InputRequiredSignal}) did not fail: the
     * signal travels on, for the request to be answered with the round's {@code input_required} result.
     */
    static <T> T guarded(CallContext context, String what, Callable<T> work) {
        var previous = MDC.getCopyOfContextMap();
        MDC.put("request_id", context.requestId());
        TracingInterceptor.putIds(Span.current().getSpanContext());
        try {
            T value = work.call();
            if (value == null) {
                throw new IllegalStateException(what + " produced nothing");
            }
            return value;
        } catch (InputRequiredSignal asked) {
            throw asked;
        } catch (ResourceNotFoundException missing) {
            throw McpError.RESOURCE_NOT_FOUND.apply(missing.uri()); // as the SDK answers a URI it does not serve
        } catch (BulwarkException known) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message(
                            known.getMessage() != null
                                    ? known.getMessage()
                                    : "Serving " + what + " failed without saying why (request id "
                                            + context.requestId() + ")")
                    .build();
        } catch (Exception | Error e) { // an Error's message reaches the client if it travels on: answered here too
            LOG.error("Serving {} failed", what, e);
            if (ErrorMappingInterceptor.isFatal(e)) {
                throw (Error) e;
            }
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                    .message("Internal error serving " + what + "; logged with request id " + context.requestId())
                    .build();
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }
}
