package dev.bulwark.outbound;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.function.Function;

/**
 * A client span per HTTP request to a registered service, named by the OpenTelemetry HTTP conventions.
 */
final class OutboundTracing {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("bulwark.service");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final TextMapSetter<HttpRequest.Builder> HEADERS = (builder, key, value) -> {
        if (builder != null) {
            builder.setHeader(key, value);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    OutboundTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.bulwark.outbound");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Builds the request with the trace context in its headers and sends it with {@code send}, as one span. */
    HttpResponse<byte[]> exchange(
            String service,
            URI uri,
            String method,
            HttpRequest.Builder request,
            Function<HttpRequest, HttpResponse<byte[]>> send) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        // The URL's path and query are not recorded: they may carry identifiers.
        Span span = tracer.spanBuilder(method)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, method)
                .setAttribute(SERVER_ADDRESS, uri.getHost())
                .setAttribute(SERVER_PORT, (long) port)
                .setAttribute(SERVICE, service)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            propagator.inject(Context.current(), request, HEADERS);
            HttpResponse<byte[]> response = send.apply(request.build());
            span.setAttribute(STATUS, (long) response.statusCode());
            if (response.statusCode() >= 500) {
                span.setAttribute(ERROR_TYPE, String.valueOf(response.statusCode()));
                span.setStatus(StatusCode.ERROR);
            }
            return response;
        } catch (AttemptFailure e) {
            span.setAttribute(ERROR_TYPE, e.failure.name().toLowerCase(Locale.ROOT));
            span.setStatus(StatusCode.ERROR);
            throw e;
        } catch (RuntimeException | Error e) {
            span.setAttribute(ERROR_TYPE, e.getClass().getName());
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }
}
