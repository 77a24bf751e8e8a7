package dev.bulwark.http.transport;

import dev.bulwark.ports.security.TransportContextKeys;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The server span of each JSON-RPC request the MCP SDK answers itself ({@code initialize}, {@code ping},
 * {@code tools/list} and the other lists, {@code logging/setLevel}, ...), opened by the transport, which is the only
 * part of the server that sees those requests. It is named and attributed as the core names the spans of the
 * requests it serves (its {@code RequestTracing}): the method as the name, kind {@code SERVER},
 * {@code mcp.method.name}, {@code jsonrpc.request.id}, {@code mcp.session.id} where there is a session,
 * {@code error.type} and {@code rpc.response.status_code} when the answer is a JSON-RPC error; the client's trace is continued from the
 * request's {@code _meta}, else from the transport's headers ({@link TransportContextKeys#TRACE_CONTEXT}). The
 * requests the core traces itself ({@code tools/call}, {@code resources/read}, {@code prompts/get},
 * {@code completion/complete}) get no span here. With the no-op OpenTelemetry (the default) nothing is recorded.
 * Immutable and thread-safe.
 */
final class TransportTracing {

    static final AttributeKey<String> METHOD_NAME = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("mcp.session.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> RESPONSE_STATUS_CODE = AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");

    /** No tracing: the no-op OpenTelemetry. */
    static final TransportTracing OFF = new TransportTracing(OpenTelemetry.noop());

    /** The methods the core opens its own server span for. */
    private static final Set<String> TRACED_BY_THE_CORE = Set.of(McpSchema.METHOD_TOOLS_CALL,
            McpSchema.METHOD_RESOURCES_READ, McpSchema.METHOD_PROMPT_GET, McpSchema.METHOD_COMPLETION_COMPLETE);

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    TransportTracing(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        this.tracer = openTelemetry.getTracer("dev.bulwark.http");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /**
     * Starts the span of {@code request} in session {@code sessionId} ({@code null} without one, or before it is
     * known), or returns {@code null} when the request gets none: the core traces it, or nothing would be recorded.
     */
    Span start(McpSchema.JSONRPCRequest request, String sessionId, McpTransportContext transport) {
        if (TRACED_BY_THE_CORE.contains(request.method())) {
            return null;
        }
        Span span = tracer.spanBuilder(request.method())
                .setSpanKind(SpanKind.SERVER)
                .setParent(parentOf(request.params(), transport))
                .setAttribute(METHOD_NAME, request.method())
                .setAttribute(REQUEST_ID, String.valueOf(request.id()))
                .startSpan();
        if (!span.getSpanContext().isValid()) {
            return null; // the no-op tracer with no trace to continue: nothing to record
        }
        if (sessionId != null) {
            span.setAttribute(SESSION_ID, sessionId);
        }
        return span;
    }

    /** Ends {@code span} (nothing when it is null) with the answer's JSON-RPC error, if the answer is one. */
    static void end(Span span, McpSchema.JSONRPCResponse answer) {
        if (span == null) {
            return;
        }
        if (answer != null && answer.error() != null) {
            String code = String.valueOf(answer.error().code());
            span.setAttribute(ERROR_TYPE, code);
            span.setAttribute(RESPONSE_STATUS_CODE, code);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** Ends {@code span} (nothing when it is null) as failed by {@code failure}: the request got no answer. */
    static void failed(Span span, Throwable failure) {
        if (span == null) {
            return;
        }
        span.setAttribute(ERROR_TYPE, failure.getClass().getName());
        span.setStatus(StatusCode.ERROR);
        span.end();
    }

    /** The client's trace: from {@code _meta} when it carries a {@code traceparent}, else from the headers. */
    private Context parentOf(Object params, McpTransportContext transport) {
        Context root = Context.current();
        Object meta = params instanceof McpSchema.Meta typed ? typed.meta() // read as the SDK's type by the core
                : params instanceof Map<?, ?> map ? map.get("_meta") : null;
        if (meta instanceof Map<?, ?> values && values.get("traceparent") instanceof String) {
            return propagator.extract(root, values, MapGetter.INSTANCE);
        }
        Object headers = transport == null ? null : transport.get(TransportContextKeys.TRACE_CONTEXT);
        if (headers instanceof Map<?, ?> map && !map.isEmpty()) {
            return propagator.extract(root, map, MapGetter.INSTANCE);
        }
        return root;
    }

    /** Reads string values of a map by key; anything else is absent. */
    private enum MapGetter implements TextMapGetter<Map<?, ?>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<?, ?> carrier) {
            return carrier.keySet().stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }

        @Override
        public String get(Map<?, ?> carrier, String key) {
            return carrier != null && carrier.get(key) instanceof String value ? value : null;
        }
    }
}
