package dev.bulwark.postgres;

import dev.bulwark.ports.DependencyBusyException;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.sql.SqlStatementException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A client span per database call, named by the OpenTelemetry database conventions; never the statement text or
 * values, which may hold personal data.
 */
final class DatabaseTracing {

    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;
    private final String system;

    /** @param system the database's name in {@code db.system.name}: {@code postgresql} or {@code h2} */
    DatabaseTracing(OpenTelemetry openTelemetry, String system) {
        this.tracer = openTelemetry.getTracer("dev.bulwark.postgres");
        this.system = system;
    }

    /** Runs {@code call} as a span of {@code operation} on {@code collection} (may be null: none). */
    <T> T traced(String operation, String collection, Supplier<T> call) {
        SpanBuilder builder = tracer.spanBuilder(collection == null ? operation : operation + " " + collection)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(DB_SYSTEM, system)
                .setAttribute(DB_OPERATION, operation);
        if (collection != null) {
            builder.setAttribute(DB_COLLECTION, collection);
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return call.get();
        } catch (RuntimeException | Error e) {
            span.setAttribute(ERROR_TYPE, errorType(e));
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private static String errorType(Throwable failure) {
        if (failure instanceof SqlStatementException statement) {
            return "sql_" + statement.failure().name().toLowerCase(Locale.ROOT);
        }
        if (failure instanceof DependencyBusyException) {
            return "dependency_busy";
        }
        if (failure instanceof DependencyUnavailableException) {
            return "dependency_unavailable";
        }
        return failure.getClass().getName();
    }
}
