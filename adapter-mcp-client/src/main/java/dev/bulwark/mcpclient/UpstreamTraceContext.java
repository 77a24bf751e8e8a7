package dev.bulwark.mcpclient;

import io.modelcontextprotocol.common.McpTransportContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The W3C trace context of the calling thread's span, sent with a request upstream: in its {@code _meta} and, over
 * Streamable HTTP, in its headers. Empty without a span. Thread-safe.
 */
final class UpstreamTraceContext {

    /**
     * The W3C keys, as MCP's {@code _meta} and HTTP name them. Not {@code baggage}, though the propagators may carry
     * it: baggage is free key-value data a caller meant for Bulwark, not for whichever upstream serves its call, while
     * the trace context is ids only.
     */
    static final List<String> KEYS = List.of("traceparent", "tracestate");

    private static final TextMapSetter<Map<String, String>> W3C_ONLY = (carrier, key, value) -> {
        if (carrier != null && KEYS.contains(key)) {
            carrier.put(key, value);
        }
    };

    private final TextMapPropagator propagator;

    UpstreamTraceContext(OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** The current span's {@code traceparent} and {@code tracestate}; empty when no span is current. */
    Map<String, String> current() {
        Map<String, String> carrier = new LinkedHashMap<>();
        propagator.inject(Context.current(), carrier, W3C_ONLY);
        return carrier;
    }

    /** A request's {@code _meta}: its progress token and {@code trace}. */
    static Map<String, Object> meta(String progressToken, Map<String, String> trace) {
        Map<String, Object> meta = new LinkedHashMap<>(trace);
        meta.put("progressToken", progressToken);
        return meta;
    }

    /** {@code request}, with {@code trace} where the HTTP transport's customizer finds it ({@link #addHeaders}). */
    static <T> Mono<T> carried(Mono<T> request, Map<String, String> trace) {
        if (trace.isEmpty()) {
            return request;
        }
        McpTransportContext context = McpTransportContext.create(Map.copyOf(trace));
        return request.contextWrite(view -> view.put(McpTransportContext.KEY, context));
    }

    /** Adds the trace headers that {@code context} carries to a POST. */
    static void addHeaders(HttpRequest.Builder request, String method, McpTransportContext context) {
        if (!"POST".equals(method) || context == null) {
            return;
        }
        for (String key : KEYS) {
            if (context.get(key) instanceof String value) {
                request.header(key, value);
            }
        }
    }
}
