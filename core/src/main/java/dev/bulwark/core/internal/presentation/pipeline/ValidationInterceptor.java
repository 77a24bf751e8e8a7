package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import dev.bulwark.core.internal.presentation.tool.OptionalProperties;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the arguments against the tool's input JSON Schema before anything else touches them. Thread-safe.
 */
final class ValidationInterceptor implements ToolInterceptor {

    /** The name of the check's span. */
    public static final String SPAN_NAME = "bulwark.validation";

    private final SchemaValidator validator;
    private final ObjectMapper mapper;
    private final Map<Tool<?, ?>, SchemaValidator.CompiledSchema> schemas = new ConcurrentHashMap<>();

    /**
     * Where each check's span goes; null when tracing is off (the no-op tracer), whose span would record nothing yet
     * cost a span and a context switch on every call.
     */
    private final Tracer tracer;

    public ValidationInterceptor(SchemaValidator validator, ObjectMapper mapper) {
        this(validator, mapper, OpenTelemetry.noop().getTracer("dev.bulwark.core"));
    }

    /** As above, with each check a span of {@code tracer}; {@code mapper} turns values JSON parsing never gives into nodes. */
    public ValidationInterceptor(SchemaValidator validator, ObjectMapper mapper, Tracer tracer) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.tracer = TracingInterceptor.isNoop(Objects.requireNonNull(tracer, "tracer")) ? null : tracer;
    }

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        if (tracer == null) {
            check(invocation);
            return next.proceed(invocation);
        }
        Span span = tracer.spanBuilder(SPAN_NAME).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            check(invocation);
        } catch (RuntimeException | Error e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
        return next.proceed(invocation);
    }

    private void check(ToolInvocation invocation) {
        SchemaValidator.CompiledSchema schema = schemas.get(invocation.tool());
        if (schema == null) {
            schema = schemas.computeIfAbsent(invocation.tool(), tool -> validator.compile(checkedSchema(tool)));
        }
        // The tree the handler's input is bound from too (HandlerInvoker): the arguments become JSON once.
        List<Violation> violations =
                schema.validate(CallArguments.of(invocation.arguments()).tree(mapper));
        if (!violations.isEmpty()) {
            throw new InvalidArgumentsException(invocation.toolName(), violations);
        }
    }

    /**
     * The schema arguments are checked against: for arguments bound to a type (not free-form), where {@code null}
     * binds as a property left out, an optional property may also be {@code null}.
     */
    private static Map<String, Object> checkedSchema(Tool<?, ?> tool) {
        Class<?> input = tool.inputType();
        boolean freeForm =
                Map.class.isAssignableFrom(input) || JsonNode.class.isAssignableFrom(input) || input == Object.class;
        return !freeForm ? OptionalProperties.acceptingNull(tool.inputSchema()) : tool.inputSchema();
    }
}
