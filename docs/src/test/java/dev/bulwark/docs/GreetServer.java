package dev.bulwark.docs;

// README:start
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.business.caching.CachePolicy;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.presentation.tool.Tool;
import dev.bulwark.core.presentation.tool.ToolParam;
import dev.bulwark.core.presentation.tool.ToolResult;
import dev.bulwark.stdio.StdioTransportProvider;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.PrintStream;
import java.time.Duration;

public class GreetServer {

    record GreetInput(@ToolParam(description = "Who to greet") String name) {}

    record Greeting(String message) {}

    static Tool<GreetInput, Greeting> greetTool() {
        return Tool.builder("greet", GreetInput.class, Greeting.class)
                .description("Greets someone by name")
                .requiredScopes("tools:read")
                .cache(CachePolicy.shared(Duration.ofMinutes(5)))
                .timeout(Duration.ofSeconds(2))
                .handler((input, context) -> {
                    Greeting greeting = new Greeting("Hello, " + input.name() + "!");
                    return ToolResult.of(greeting, greeting.message());
                })
                .build();
    }

    public static void main(String[] args) {
        PrintStream protocol = System.out;
        System.setOut(System.err); // stdout carries protocol messages only: stray prints and console logs go to stderr
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).tool(greetTool()).build()) {
            // bulwark.jsonMapper() answers a request with malformed params with an error naming the field
            var transport = new StdioTransportProvider(
                    bulwark.jsonMapper(), System.in, protocol, StdioTransportProvider.DEFAULT_MAX_LINE_BYTES);
            McpSyncServer server = bulwark.serve(transport, bulwark.localOperator());
            transport.terminated().join(); // serve until the client closes stdin
            server.close();
        }
    }
}
// README:end
