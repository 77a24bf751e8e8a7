package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.serve.BulwarkHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's tool served over Streamable HTTP as its HTTP example does, called by the MCP Java SDK's client. */
class GreetHttpServerTest {

    @Test
    void theReadmeToolAnswersOverStreamableHttpWithTheOpsEndpointsBeside() throws Exception {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).tool(GreetServer.greetTool()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark).port(0).managementPort(0).start()) {
            var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + http.port())
                    .endpoint("/mcp")
                    .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                    .build();
            try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
                client.initialize();
                CallToolResult result = client.callTool(new CallToolRequest("greet", Map.of("name", "Ada")));

                assertThat(result.isError()).isFalse();
                assertThat(((TextContent) result.content().get(0)).text()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
                assertThat(result.structuredContent()).isEqualTo(Map.of("message", "Hello, Ada!"));
            }
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.managementPort() + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
        }
    }
}
