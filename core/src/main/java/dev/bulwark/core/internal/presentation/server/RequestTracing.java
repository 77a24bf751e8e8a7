package dev.bulwark.core.internal.presentation.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.internal.presentation.era2026.InputRequiredSignal;
import dev.bulwark.core.internal.presentation.pipeline.CallOutcomes;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.tracing.RequestTraces;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The server span of each MCP request, named and attributed by OpenTelemetry's semantic conventions for MCP
 * (docs/operations.md lists them), continuing the client's trace from the request's {@code _meta} or the transport's
 * headers; nothing is recorded with the no-op OpenTelemetry. Thread-safe.
 */
final class RequestTracing implements RequestTraces {

    static final AttributeKey<String> METHOD_NAME = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("mcp.session.id");
    static final AttributeKey<String> RESOURCE_URI = AttributeKey.stringKey("mcp.resource.uri");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> PROMPT_NAME = AttributeKey.stringKey("gen_ai.prompt.name");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> RESPONSE_STATUS_CODE = AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("mcp.protocol.version");
    /** The protocol era, as the metrics and the audit line name it: its {@link ProtocolEra#version()}. */
    static final AttributeKey<String> PROTOCOL_ERA = AttributeKey.stringKey("bulwark.protocol_era");

    /** The error type of a tool call whose result says {@code isError}, as the conventions name it. */
    static final String TOOL_ERROR = "tool_error";

    /** No tracing: the no-op OpenTelemetry. */
    static final RequestTracing OFF = new RequestTracing(OpenTelemetry.noop());

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    /**
     * Whether it is the no-op OpenTelemetry: its span would only wrap the current context's span, and its propagator
     * extracts nothing, so a request runs as it is, with no span built (a name, a builder, a scope) per request.
     */
    private final boolean off;

    RequestTracing(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        this.off = openTelemetry == OpenTelemetry.noop();
        this.tracer = openTelemetry.getTracer("dev.bulwark.core");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** The methods the feature handlers serve, which {@link #traced} traces: {@link #started} leaves them alone. */
    private static final Set<String> FEATURE_METHODS = Set.of(
            McpSchema.METHOD_TOOLS_CALL,
            McpSchema.METHOD_RESOURCES_READ,
            McpSchema.METHOD_PROMPT_GET,
            McpSchema.METHOD_COMPLETION_COMPLETE);

    /** What a request is: its method, the low-cardinality target of its name, and its attribute of that target. */
    record Target(String method, String name, AttributeKey<String> key, String value) {

        static Target toolCall(String tool) {
            return new Target("tools/call", tool, TOOL_NAME, tool);
        }

        static Target resourceRead(String uri) {
            return new Target("resources/read", null, RESOURCE_URI, uri);
        }

        static Target promptGet(String prompt) {
            return new Target("prompts/get", prompt, PROMPT_NAME, prompt);
        }

        static Target completion() {
            return new Target("completion/complete", null, null, null);
        }

        String spanName() {
            return name == null ? method : method + " " + name;
        }
    }

    /**
     * Runs {@code work} as the current span of the request: a child of the client's trace when it sent one, and
     * the parent of everything the request does on this thread (and of the tool call, which carries the context
     * along to its executor).
     */
    <T> T traced(
            Target target,
            Map<String, Object> meta,
            McpTransportContext transport,
            McpSyncServerExchange exchange,
            Supplier<T> work) {
        Span span = startSpan(target, meta, transport, exchange);
        if (span == null) {
            return work.get();
        }
        try (Scope ignored = span.makeCurrent()) {
            T result = work.get();
            ended(span, result, null);
            return result;
        } catch (RuntimeException | Error failure) {
            ended(span, null, failure);
            throw failure;
        }
    }

    /**
     * As {@link #traced}, for work whose outcome may complete later, on another thread (an isolated tool call): the
     * span is current while {@code work} starts, and ends when the outcome completes.
     */
    <T> CompletableFuture<T> tracedAsync(
            Target target,
            Map<String, Object> meta,
            McpTransportContext transport,
            McpSyncServerExchange exchange,
            Supplier<CompletableFuture<T>> work) {
        Span span = startSpan(target, meta, transport, exchange);
        if (span == null) {
            return work.get();
        }
        CompletableFuture<T> outcome;
        try (Scope ignored = span.makeCurrent()) {
            outcome = work.get();
        } catch (RuntimeException | Error failure) {
            ended(span, null, failure);
            throw failure;
        }
        return outcome.whenComplete(
                (result, failure) -> ended(span, result, failure == null ? null : CallOutcomes.causeOf(failure)));
    }

    /** The request's span, started; {@code null} when nothing is recorded (no tracing, no trace to continue). */
    private Span startSpan(
            Target target, Map<String, Object> meta, McpTransportContext transport, McpSyncServerExchange exchange) {
        if (off) {
            return null;
        }
        SpanBuilder builder = tracer.spanBuilder(target.spanName())
                .setSpanKind(SpanKind.SERVER)
                .setParent(parentOf(meta, transport))
                .setAttribute(METHOD_NAME, target.method());
        if (target.key() != null && target.value() != null) {
            builder.setAttribute(target.key(), target.value());
        }
        if (target.key() == TOOL_NAME) {
            builder.setAttribute(OPERATION_NAME, "execute_tool");
        }
        ProtocolEra era = FeatureHandlers.eraOf(transport);
        builder.setAttribute(PROTOCOL_ERA, era.version());
        if (era == ProtocolEra.REQUESTS_2026_07_28) { // a session's negotiated version is the SDK's, unseen here
            builder.setAttribute(PROTOCOL_VERSION, era.version());
        }
        Object rpcId = RpcIdInMeta.of(meta, transport);
        if (rpcId != null) {
            builder.setAttribute(REQUEST_ID, String.valueOf(rpcId));
        }
        String session = exchange == null ? null : exchange.sessionId();
        if (session != null) {
            builder.setAttribute(SESSION_ID, session);
        }
        Span span = builder.startSpan();
        return span.getSpanContext().isValid() ? span : null; // invalid: the no-op tracer with no trace to continue
    }

    /** Records how the request ended on its span, and ends it. */
    private static void ended(Span span, Object result, Throwable failure) {
        if (failure == null) {
            if (result instanceof CallToolResult call && Boolean.TRUE.equals(call.isError())) {
                span.setAttribute(ERROR_TYPE, TOOL_ERROR);
                span.setStatus(StatusCode.ERROR);
            }
        } else if (failure instanceof InputRequiredSignal) {
            // waits for the client's input (the 2026 era): no error
        } else if (failure instanceof McpError error) {
            String code = error.getJsonRpcError() == null
                    ? "unknown"
                    : String.valueOf(error.getJsonRpcError().code());
            span.setAttribute(ERROR_TYPE, code);
            span.setAttribute(RESPONSE_STATUS_CODE, code);
            span.setStatus(StatusCode.ERROR);
        } else {
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /**
     * Starts the span of a request the SDK or a transport answers itself, named by its method, with the same
     * attributes as {@link #traced} gives; none for the feature requests, which {@link #traced} traces.
     */
    @Override
    public Trace started(String method, Object id, Object params, String sessionId, Map<String, String> headers) {
        if (off || FEATURE_METHODS.contains(method)) {
            return Trace.NONE;
        }
        Span span = tracer.spanBuilder(method)
                .setSpanKind(SpanKind.SERVER)
                .setParent(parentOf(metaOf(params), headers))
                .setAttribute(METHOD_NAME, method)
                .startSpan();
        if (!span.getSpanContext().isValid()) {
            return Trace.NONE; // the no-op tracer with no trace to continue: nothing to record
        }
        if (id != null) {
            span.setAttribute(REQUEST_ID, String.valueOf(id));
        }
        if (sessionId != null) {
            span.setAttribute(SESSION_ID, sessionId);
        }
        return new StartedRequest(span);
    }

    /** The span of a request the SDK or a transport answers itself, until it ends. Thread-safe (the span is). */
    private record StartedRequest(Span span) implements Trace {

        @Override
        public void answered(Integer errorCode) {
            if (errorCode != null) {
                span.setAttribute(ERROR_TYPE, String.valueOf(errorCode));
                span.setAttribute(RESPONSE_STATUS_CODE, String.valueOf(errorCode));
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }

        /** No answer: the failure's class is the error type, as the conventions say for an exception. */
        @Override
        public void failed(Throwable failure) {
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
            span.end();
        }

        @Override
        public void sessionStarted(String sessionId) {
            span.setAttribute(SESSION_ID, sessionId);
        }
    }

    /**
     * The client's trace: from {@code _meta} when it carries a {@code traceparent}, else from the headers, else the
     * current context (an embedding application's own span, if any).
     */
    private Context parentOf(Map<String, Object> meta, McpTransportContext transport) {
        return parentOf(meta, RequestOrigins.of(transport).traceContext());
    }

    private Context parentOf(Map<?, ?> meta, Map<?, ?> headers) {
        Context root = Context.current();
        if (meta != null && meta.get("traceparent") instanceof String) {
            return propagator.extract(root, meta, MetaGetter.INSTANCE);
        }
        if (headers != null && !headers.isEmpty()) {
            return propagator.extract(root, headers, MetaGetter.INSTANCE);
        }
        return root;
    }

    /**
     * The {@code _meta} of a request's params, however the transport read them: the SDK's typed params, a map, or a
     * JSON tree (whose text members are kept); {@code null} without one.
     */
    @SuppressWarnings("unchecked")
    static Map<String, ?> metaOf(Object params) {
        if (params instanceof McpSchema.Meta typed) {
            return typed.meta();
        }
        if (params instanceof Map<?, ?> map) {
            return map.get("_meta") instanceof Map<?, ?> meta ? (Map<String, ?>) meta : null;
        }
        if (params instanceof JsonNode tree && tree.get("_meta") instanceof ObjectNode meta) {
            Map<String, String> text = new HashMap<>();
            meta.fields().forEachRemaining(member -> {
                if (member.getValue().isTextual()) {
                    text.put(member.getKey(), member.getValue().asText());
                }
            });
            return text;
        }
        return null;
    }

    /** Reads string values of a map by key; anything else is absent. */
    private enum MetaGetter implements TextMapGetter<Map<?, ?>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<?, ?> carrier) {
            return carrier.keySet().stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
        }

        @Override
        public String get(Map<?, ?> carrier, String key) {
            return carrier != null && carrier.get(key) instanceof String value ? value : null;
        }
    }
}
