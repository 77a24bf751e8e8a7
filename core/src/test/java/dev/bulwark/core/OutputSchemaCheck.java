package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * Checks a tool's structured result against the output schema it publishes, as the MCP SDK does after the pipeline
 * has returned: a result that does not fit reaches the client as an error ("output validation failed") while the
 * pipeline, its metrics and its audit line saw a success. Tests that call tools through the pipeline run every
 * successful result through it.
 */
public final class OutputSchemaCheck {

    private static final SchemaValidator VALIDATOR = new SchemaValidator(new ObjectMapper());

    private OutputSchemaCheck() {}

    /** Fails if {@code result} is a success whose structured content does not fit {@code tool}'s output schema. */
    public static CallToolResult fits(Tool<?, ?> tool, CallToolResult result) {
        if (!Boolean.TRUE.equals(result.isError()) && result.structuredContent() != null) {
            tool.outputSchema()
                    .ifPresent(schema -> assertThat(VALIDATOR.validate(schema, result.structuredContent()))
                            .as("%s's result fits its output schema", tool.name())
                            .isEmpty());
        }
        return result;
    }
}
