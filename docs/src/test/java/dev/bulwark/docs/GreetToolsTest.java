package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.serve.BulwarkHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's annotated tool: shown verbatim, a tool in at most five lines, and served over Streamable HTTP to the
 * MCP Java SDK's client as the builder form is.
 */
class GreetToolsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "dev", "bulwark", "docs", "GreetTools.java");

    private static String example() throws Exception {
        String source = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        return source.substring(source.indexOf("// README-ANNOTATED:start\n") + "// README-ANNOTATED:start\n".length(),
                source.indexOf("// README-ANNOTATED:end"));
    }

    @Test
    void readmeShowsTheCompiledAnnotatedExampleVerbatim() throws Exception {
        assertThat(Files.readString(README, StandardCharsets.UTF_8)).contains(example());
    }

    @Test
    void theAnnotatedToolIsAtMostFiveLinesOfJava() throws Exception {
        List<String> lines = example().lines().map(String::strip).toList();
        int first = lines.indexOf(lines.stream().filter(line -> line.startsWith("@McpTool")).findFirst().orElseThrow());
        int last = first;
        while (!lines.get(last).equals("}")) {
            last++;
        }

        assertThat(last - first + 1).isLessThanOrEqualTo(5);
    }

    @Test
    void theAnnotatedToolAnswersOverStreamableHttp() throws Exception {
        try (Bulwark bulwark = GreetTools.server();
                BulwarkHttp http = BulwarkHttp.builder(bulwark).port(0).managementPort(0).start()) {
            var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + http.port())
                    .endpoint("/mcp")
                    .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                    .build();
            try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
                client.initialize();
                Tool listed = client.listTools().tools().get(0);
                CallToolResult result = client.callTool(new CallToolRequest("greet", Map.of("name", "Ada")));

                assertThat(listed.name()).isEqualTo("greet");
                assertThat(listed.description()).isEqualTo("Greets someone by name");
                assertThat(listed.inputSchema().get("properties"))
                        .isEqualTo(Map.of("name", Map.of("type", "string", "description", "Who to greet")));
                assertThat(listed.inputSchema().get("required")).isEqualTo(List.of("name"));
                assertThat(result.isError()).isFalse();
                assertThat(((TextContent) result.content().get(0)).text()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
                assertThat(result.structuredContent()).isEqualTo(Map.of("message", "Hello, Ada!"));
            }
        }
    }
}
