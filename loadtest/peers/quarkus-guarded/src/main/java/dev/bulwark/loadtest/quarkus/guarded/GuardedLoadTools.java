package dev.bulwark.loadtest.quarkus.guarded;

import dev.bulwark.loadtest.quarkus.ConformanceSchema;
import io.micrometer.core.annotation.Timed;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.InputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The two tools of the load test with the guarantees a Quarkus team would add, each the Quarkus way: the input checked
 * against the listed JSON Schema (a guardrail), one JSON audit line a call (an interceptor), a Micrometer timer per
 * tool ({@code @Timed}) and a deadline ({@code @Timeout}, Bulwark's default of 30 seconds).
 */
public class GuardedLoadTools {

    @Tool(name = "test_simple_text", description = "Returns simple text content for testing")
    @ToolGuardrails(input = SchemaCheck.class)
    @AuditLine
    @Timed(value = "mcp.tool.calls", extraTags = {"tool", "test_simple_text"})
    @Timeout(30_000)
    ToolResponse simpleText() {
        return ToolResponse.success("This is a simple text response for testing.");
    }

    @Tool(
            name = "json_schema_2020_12_tool",
            description = "Tool with JSON Schema 2020-12 features (SEP-1613, SEP-2106)",
            inputSchema = @InputSchema(generator = ConformanceSchema.class))
    @ToolGuardrails(input = SchemaCheck.class)
    @AuditLine
    @Timed(value = "mcp.tool.calls", extraTags = {"tool", "json_schema_2020_12_tool"})
    @Timeout(30_000)
    ToolResponse jsonSchema(
            @ToolArg(required = false) String name,
            @ToolArg(required = false) Map<String, Object> address,
            @ToolArg(required = false) String contactMethod,
            @ToolArg(required = false) String phone,
            @ToolArg(required = false) String email) {
        return ToolResponse.success("ok");
    }
}
