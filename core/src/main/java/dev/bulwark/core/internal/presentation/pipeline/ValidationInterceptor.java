package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.Tool;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the arguments against the tool's input JSON Schema before anything else touches them. A violation ends
 * the call with a message naming every offending field and the rule it broke; the handler never sees bad input.
 * Each tool's schema is compiled on its first call and kept for that tool.
 */
public final class ValidationInterceptor implements ToolInterceptor {

    private final SchemaValidator validator;
    private final Map<Tool<?, ?>, SchemaValidator.CompiledSchema> schemas = new ConcurrentHashMap<>();

    public ValidationInterceptor(SchemaValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    @Override
    public CallToolResult intercept(ToolInvocation invocation, ToolCallChain next) {
        SchemaValidator.CompiledSchema schema = schemas.get(invocation.tool());
        if (schema == null) {
            schema = schemas.computeIfAbsent(invocation.tool(), tool -> validator.compile(tool.inputSchema()));
        }
        List<Violation> violations = schema.validate(invocation.arguments());
        if (!violations.isEmpty()) {
            throw new InvalidArgumentsException(invocation.toolName(), violations);
        }
        return next.proceed(invocation);
    }
}
