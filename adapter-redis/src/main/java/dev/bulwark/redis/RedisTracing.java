package dev.bulwark.redis;

import dev.bulwark.ports.DependencyUnavailableException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;

/**
 * A client span per Redis call, named by the OpenTelemetry database conventions.
 */
final class RedisTracing {

    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("bulwark.redis.operation");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;

    RedisTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.bulwark.redis");
    }

    /** Started on the caller's thread, before any hand-off to a worker, so the span is a child of the caller's. */
    <T> T traced(RedisOperation operation, Supplier<T> call) {
        Span span = tracer.spanBuilder(operation.command())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(DB_SYSTEM, "redis")
                .setAttribute(DB_OPERATION, operation.command())
                .setAttribute(OPERATION, operation.tag())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return call.get();
        } catch (DependencyUnavailableException e) {
            failed(span, "dependency_unavailable", e.getMessage()); // fixed text: no host, URL or key
            throw e;
        } catch (RuntimeException | Error e) {
            failed(span, e.getClass().getName(), null);
            throw e;
        } finally {
            span.end();
        }
    }

    private static void failed(Span span, String type, String description) {
        span.setAttribute(ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, description == null ? "" : description);
    }
}
