package dev.bulwark.http.transport;

import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.tracing.RequestTraces;
import dev.bulwark.ports.tracing.RequestTraces.Trace;
import dev.bulwark.ports.tracing.TracesRequests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Objects;

/**
 * Reports the requests the MCP SDK answers itself ({@code initialize}, {@code ping}, the lists), which only the
 * transport sees, to the core's {@link RequestTraces} once {@link TracesRequests} gives it. Thread-safe.
 */
final class SdkRequestTraces {

    private volatile RequestTraces traces = RequestTraces.NONE;

    /** Reports to {@code requestTraces} from now on. */
    void traceWith(RequestTraces requestTraces) {
        this.traces = Objects.requireNonNull(requestTraces, "requestTraces");
    }

    /**
     * The trace of {@code request} in session {@code sessionId} ({@code null} without one, or before it exists),
     * continuing the client's trace from the request's {@code _meta} or the transport's headers.
     */
    Trace start(McpSchema.JSONRPCRequest request, String sessionId, McpTransportContext transport) {
        RequestTraces current = traces;
        if (current == RequestTraces.NONE) {
            return Trace.NONE;
        }
        return current.started(request.method(), request.id(), request.params(), sessionId, headersOf(transport));
    }

    /** Ends {@code trace} with the answer's JSON-RPC error, if {@code answer} is one; {@code null}: a result. */
    static void end(Trace trace, McpSchema.JSONRPCResponse answer) {
        trace.answered(
                answer == null || answer.error() == null ? null : answer.error().code());
    }

    /** The trace headers the edge put in the request's origin ({@link RequestOrigin#traceContext}). */
    private static Map<String, String> headersOf(McpTransportContext transport) {
        return transport == null ? Map.of() : RequestOrigin.from(transport::get).traceContext();
    }
}
