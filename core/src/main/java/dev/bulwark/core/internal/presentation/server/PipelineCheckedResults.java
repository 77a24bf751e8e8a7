package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON Schema validator Bulwark gives the SDK's servers: it takes every structured tool result as valid, and
 * leaves checking schemas themselves (the tools' schemas when a server is built, an elicitation's requested schema)
 * to the SDK's own validator.
 *
 * <p>Why: the SDK checks each structured result against its tool's output schema after the handler, and Bulwark's
 * pipeline has already checked it (a result that does not fit is answered as an internal error and logged with the
 * rules it broke, see {@code HandlerInvoker}); the second check only repeated the work on every call, and the SDK's
 * validator also finds its compiled schema by the schema map's hash code alone, hashing the whole map each time.
 * {@link #validate} is called by nothing else in the SDK's servers. The SDK reads the JSON text of a valid response
 * only for a result without content, which a Bulwark tool cannot return ({@code ToolResult} needs content), so
 * none is given. Thread-safe.
 */
final class PipelineCheckedResults implements JsonSchemaValidator {

    private final JsonSchemaValidator schemas;

    /** Checks schemas with the SDK's default validator. */
    PipelineCheckedResults() {
        this(McpJsonDefaults.getSchemaValidator());
    }

    /** @param schemas checks schemas themselves */
    PipelineCheckedResults(JsonSchemaValidator schemas) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    /** Valid: the pipeline checked the result against this schema before the SDK saw it. */
    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        return ValidationResponse.asValid(null);
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        return schemas.validateSchema(schema);
    }

    @Override
    public void assertConforms(String context, Map<String, Object> schema) {
        schemas.assertConforms(context, schema);
    }
}
