package dev.bulwark.loadtest.quarkus;

import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.InputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import java.util.Map;

/**
 * The two tools of the load test, as the bare SDK peer serves them: the arguments are bound to the method's
 * parameters, which is the only check the server makes of them by default.
 */
public class LoadTools {

    @Tool(name = "test_simple_text", description = "Returns simple text content for testing")
    ToolResponse simpleText() {
        return ToolResponse.success("This is a simple text response for testing.");
    }

    @Tool(
            name = "json_schema_2020_12_tool",
            description = "Tool with JSON Schema 2020-12 features (SEP-1613, SEP-2106)",
            inputSchema = @InputSchema(generator = ConformanceSchema.class))
    ToolResponse jsonSchema(
            @ToolArg(required = false) String name,
            @ToolArg(required = false) Map<String, Object> address,
            @ToolArg(required = false) String contactMethod,
            @ToolArg(required = false) String phone,
            @ToolArg(required = false) String email) {
        return ToolResponse.success("ok");
    }
}
