package dev.bulwark.core.presentation.pipeline;

import dev.bulwark.core.error.InvalidArgumentsException;
import dev.bulwark.core.business.validation.SchemaValidator;
import dev.bulwark.core.error.InvalidArgumentsException.Violation;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Objects;

/**
 * Checks the arguments against the tool's input JSON Schema before anything else touches them. A violation ends
 * the call with a message naming every offending field and the rule it broke; the handler never sees bad input.
 */
public final class ValidationInterceptor implements ToolInterceptor {

    private final SchemaValidator validator;

    public ValidationInterceptor(SchemaValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    @Override
    public CallToolResult intercept(ToolInvocation invocation, ToolCallChain next) {
        List<Violation> violations = validator.validate(invocation.tool().inputSchema(), invocation.arguments());
        if (!violations.isEmpty()) {
            throw new InvalidArgumentsException(invocation.toolName(), violations);
        }
        return next.proceed(invocation);
    }
}
