package dev.bulwark.spring;

import static dev.bulwark.spring.McpBasicAuth.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A named endpoint serves the application's tool catalogue as it is now, cut to the tools it names: a tool the
 * application replaces or removes while it runs changes there too, its session clients are told, and a tool it does
 * not name stays off it. Each test changes a tool of its own.
 */
@SpringBootTest(
        classes = NamedEndpointFollowsTheCatalogueTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.endpoints.external.path=/external/mcp",
            "bulwark.endpoints.external.tools=search,refund",
            "bulwark.endpoints.external.http.mode=stateful"
        })
@DirtiesContext // the tests change the application's tools
class NamedEndpointFollowsTheCatalogueTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String ERA_2026 = "2026-07-28";
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + ERA_2026
            + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(McpBasicAuth.class)
    static class Application {

        @Bean
        Tools tools() {
            return new Tools();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(User.withUsername("ada")
                    .password("{noop}secret")
                    .authorities("SCOPE_payments:write")
                    .build());
        }
    }

    public static class Tools {
        @McpTool(description = "Searches the catalogue", readOnly = true)
        public String search(String query) {
            return "found " + query;
        }

        @McpTool(description = "Refunds an order", scopes = "payments:write")
        public String refund(String order) {
            return "refunded " + order;
        }

        @McpTool(description = "Says who is calling", readOnly = true)
        public String whoami(CallContext context) {
            return "caller " + context.principal().subject();
        }
    }

    /** The arguments of the tools the tests put in the application's catalogue. */
    public record Query(String query) {}

    @Autowired
    Environment environment;

    @Autowired
    Bulwark bulwark;

    @Test
    void aToolTheApplicationReplacesWhileRunningIsServedAnewAtTheNamedEndpoint() throws Exception {
        bulwark.catalogue().change(List.of("search"), List.of(tool("search", "Searches anew", "found anew ")));

        assertThat(descriptions2026("/mcp")).containsEntry("search", "Searches anew");
        assertThat(descriptions2026("/external/mcp"))
                .containsEntry("search", "Searches anew")
                .doesNotContainKey("whoami");
        assertThat(text(call2026("/external/mcp", "search", "{\"query\":\"lamps\"}")))
                .isEqualTo("found anew lamps");
    }

    @Test
    void aSessionOfTheNamedEndpointIsToldWhenTheApplicationRemovesOneOfItsTools() {
        List<List<String>> heard = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = sessionClient("/external/mcp", heard)) {
            client.initialize();
            assertThat(names(client.listTools().tools())).contains("refund");

            bulwark.catalogue().remove("refund");

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> heard.stream().anyMatch(tools -> !tools.contains("refund")));
            assertThat(names(client.listTools().tools())).doesNotContain("refund");
        }
    }

    @Test
    void aToolTheEndpointDoesNotNameStaysOffItWhenTheApplicationReplacesIt() throws Exception {
        bulwark.catalogue().change(List.of("whoami"), List.of(tool("whoami", "Says who, anew", "caller ")));

        assertThat(descriptions2026("/mcp")).containsEntry("whoami", "Says who, anew");
        assertThat(descriptions2026("/external/mcp")).doesNotContainKey("whoami");
    }

    private static Tool<Query, Void> tool(String name, String description, String answer) {
        return Tool.builder(name, Query.class, Void.class)
                .description(description)
                .readOnly(true)
                .handler((input, context) -> ToolResult.text(answer + input.query()))
                .build();
    }

    private static List<String> names(List<McpSchema.Tool> tools) {
        return tools.stream().map(McpSchema.Tool::name).toList();
    }

    private Map<String, String> descriptions2026(String path) throws Exception {
        String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META + "}}";
        HttpResponse<String> response = post(path, list, "tools/list", null);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        Map<String, String> descriptions = new LinkedHashMap<>();
        JSON.readTree(response.body())
                .path("result")
                .path("tools")
                .forEach(tool -> descriptions.put(
                        tool.path("name").asText(), tool.path("description").asText()));
        return descriptions;
    }

    private JsonNode call2026(String path, String tool, String arguments) throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "," + META + "}}";
        return JSON.readTree(post(path, call, "tools/call", tool).body());
    }

    private static String text(JsonNode answer) {
        return answer.path("result").path("content").path(0).path("text").asText(answer.toString());
    }

    private McpSyncClient sessionClient(String path, List<List<String>> heard) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base())
                .endpoint(path)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", basic("ada")))
                .build();
        return McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .toolsChangeConsumer(tools -> heard.add(new ArrayList<>(names(tools))))
                .build();
    }

    private String base() {
        return "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
    }

    private HttpResponse<String> post(String path, String body, String method, String name) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base()).resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", basic("ada"))
                .header("MCP-Protocol-Version", ERA_2026)
                .header("Mcp-Method", method)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (name != null) {
            request.header("Mcp-Name", name);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
