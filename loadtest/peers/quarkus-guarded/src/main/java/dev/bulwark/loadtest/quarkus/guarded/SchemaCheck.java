package dev.bulwark.loadtest.quarkus.guarded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolInputGuardrail;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a call's arguments against the input schema its tool lists, with the validator Bulwark uses; the schema is
 * compiled once per tool. Thread-safe.
 */
@ApplicationScoped
public class SchemaCheck implements ToolInputGuardrail {

    private final ObjectMapper mapper = new ObjectMapper();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    @Override
    public void apply(ToolInputContext context) {
        Schema schema = schemas.computeIfAbsent(
                context.getTool().name(),
                tool -> registry.getSchema(
                        read(context.getTool().asJson().getJsonObject("inputSchema").encode())));
        List<Error> errors = schema.validate(read(context.getArguments().encode()));
        if (!errors.isEmpty()) {
            throw new ToolCallException("Invalid arguments: " + errors.get(0).getMessage());
        }
    }

    private com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ToolCallException("Invalid arguments: not JSON");
        }
    }
}
