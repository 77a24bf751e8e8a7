package dev.bulwark.stdio;

import dev.bulwark.ports.tracing.RequestTraces;
import dev.bulwark.ports.tracing.RequestTraces.Trace;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server spans of the session's requests that the MCP SDK answers itself ({@code initialize}, {@code ping}, the
 * lists), reported to the core's {@link RequestTraces}: opened when a request reaches the session, ended when its
 * answer is queued. Thread-safe: requests start on the reader thread, answers come from any thread.
 */
final class ServedRequestSpans {

    private volatile RequestTraces traces = RequestTraces.NONE;
    private final Map<Object, Trace> open = new ConcurrentHashMap<>();

    /** Opens spans through {@code requestTraces} from now on. */
    void traceWith(RequestTraces requestTraces) {
        this.traces = Objects.requireNonNull(requestTraces, "requestTraces");
    }

    /** {@code request} of session {@code sessionId} is handed to the session. */
    void started(JSONRPCRequest request, String sessionId) {
        RequestTraces current = traces;
        if (current == RequestTraces.NONE) {
            return;
        }
        Trace trace = current.started(request.method(), request.id(), request.params(), sessionId, Map.of());
        if (trace != Trace.NONE) {
            open.put(request.id(), trace);
        }
    }

    /** {@code response} is on its way to the client: the span of the request it answers ends. */
    void answered(JSONRPCResponse response) {
        if (open.isEmpty() || response.id() == null) {
            return;
        }
        Trace trace = open.remove(response.id());
        if (trace != null) {
            trace.answered(response.error() == null ? null : response.error().code());
        }
    }
}
