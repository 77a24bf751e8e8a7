package dev.bulwark.spring;

import static dev.bulwark.spring.McpBasicAuth.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.McpTool;
import dev.bulwark.http.edge.JsonRpcErrors;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Several MCP endpoints in one application, as docs/spring-boot.md declares them: the default at
 * {@code bulwark.http.path} with every tool, {@code external} from properties with one tool and sessions, and
 * {@code internal} from a {@link BulwarkEndpoint} bean. Each lists and calls only its own tools in both eras, keeps its
 * own sessions, and is secured by the one {@link BulwarkSecurity} line behind its own origin check, healthy in Actuator
 * and tagged in the metrics.
 */
@SpringBootTest(
        classes = SeveralEndpointsTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.http.mode=stateful",
            "bulwark.endpoints.external.path=/external/mcp",
            "bulwark.endpoints.external.tools=search",
            "bulwark.endpoints.external.http.mode=stateful"
        })
@DirtiesContext // an open context keeps Spring Boot from setting up logging for the next application in this JVM
class SeveralEndpointsTest {

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
        BulwarkEndpoint internal() {
            return BulwarkEndpoint.builder("internal")
                    .path("/internal/mcp")
                    .tools("search", "refund", "whoami")
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("ada")
                            .password("{noop}secret")
                            .authorities("SCOPE_payments:write")
                            .build(),
                    User.withUsername("bob")
                            .password("{noop}secret")
                            .authorities("ROLE_USER")
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

    @Autowired
    Environment environment;

    @Autowired
    MeterRegistry meters;

    @Autowired
    HealthContributorRegistry health;

    @Test
    void eachEndpointListsOnlyItsOwnToolsInThe2026Era() throws Exception {
        assertThat(toolNames2026("/mcp")).containsExactlyInAnyOrder("search", "refund", "whoami");
        assertThat(toolNames2026("/internal/mcp")).containsExactlyInAnyOrder("search", "refund", "whoami");
        assertThat(toolNames2026("/external/mcp")).containsExactly("search");
    }

    @Test
    void aToolOfAnotherEndpointIsNotCallableInThe2026Era() throws Exception {
        JsonNode refunded = call2026("/internal/mcp", "refund", "{\"order\":\"7\"}", "ada");
        JsonNode refused = call2026("/external/mcp", "refund", "{\"order\":\"7\"}", "ada");

        assertThat(refunded.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("refunded 7");
        assertThat(refused.toString()).doesNotContain("refunded");
        assertThat(refused.has("error")
                        || refused.path("result").path("isError").asBoolean())
                .as(refused.toString())
                .isTrue();
    }

    @Test
    void aSessionEraClientOfTheExternalEndpointSeesAndCallsOnlyItsTool() {
        try (McpSyncClient client = sessionClient("/external/mcp", "ada")) {
            client.initialize();

            List<String> names = client.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            McpSchema.CallToolResult found =
                    client.callTool(new McpSchema.CallToolRequest("search", Map.of("query", "lamps")));

            assertThat(names).containsExactly("search");
            assertThat(((McpSchema.TextContent) found.content().get(0)).text()).isEqualTo("found lamps");
        }
    }

    @Test
    void aSessionOfOneEndpointIsUnknownOnAnotherAndItsUnknownToolIsAnsweredInBand() throws Exception {
        HttpResponse<String> opened = post("/external/mcp", initialize(), Map.of("Authorization", basic("ada")));
        String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
        Map<String, String> inSession =
                Map.of("Authorization", basic("ada"), "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");

        HttpResponse<String> here = post("/external/mcp", initialized(), inSession);
        HttpResponse<String> elsewhere = post("/mcp", initialized(), inSession);
        HttpResponse<String> refund = post(
                "/external/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"refund\","
                        + "\"arguments\":{\"order\":\"7\"}}}",
                inSession);

        HttpResponse<String> search = post(
                "/external/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"search\","
                        + "\"arguments\":{\"query\":\"lamps\"}}}",
                inSession);

        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(here.statusCode()).as(here.body()).isEqualTo(202);
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(404);
        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(200);
        JsonNode unknown = JSON.readTree(refund.body());
        assertThat(unknown.path("id").asInt()).isEqualTo(2);
        assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(unknown.path("error").path("message").asText())
                .isEqualTo("Unknown tool 'refund': call tools/list to see the tools you can call");
        assertThat(search.statusCode())
                .as("the session goes on: " + search.body())
                .isEqualTo(200);
        assertThat(search.body()).contains("found lamps");
    }

    @Test
    void theOneSecurityLineSecuresEveryEndpointPath() throws Exception {
        for (String path : List.of("/mcp", "/internal/mcp", "/external/mcp")) {
            HttpResponse<String> anonymous = post(path, list2026(), headers2026("tools/list", null, null));
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> withoutScope = post(
                "/internal/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"refund\","
                        + "\"arguments\":{\"order\":\"7\"}," + META + "}}",
                headers2026("tools/call", "refund", "bob"));

        assertThat(withoutScope.statusCode()).as(withoutScope.body()).isEqualTo(403);
        assertThat(withoutScope.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).contains("insufficient_scope", "payments:write"));
    }

    @Test
    void aForeignOriginIsRefusedByBulwarkBeforeSpringSecurityAtEveryNamedEndpoint() throws Exception {
        for (String path : List.of("/internal/mcp", "/external/mcp")) {
            Map<String, String> headers = headers2026("tools/list", null, null);
            headers.put("Origin", "https://evil.example.com");

            HttpResponse<String> refused = post(path, list2026(), headers);

            assertThat(refused.statusCode())
                    .as("%s: Bulwark's 403, not the filter chain's 401: %s", path, refused.body())
                    .isEqualTo(403);
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                    .as(path)
                    .isEmpty();
            JsonNode error = JSON.readTree(refused.body()).path("error");
            assertThat(error.path("code").asInt()).as(path).isEqualTo(JsonRpcErrors.FORBIDDEN);
            assertThat(error.path("message").asText()).as(path).contains("bulwark.http.allowed-origins");
        }
    }

    @Test
    void actuatorHealthHasEachEndpoint() {
        CompositeHealthContributor endpoints = (CompositeHealthContributor)
                health.getContributor(BulwarkAutoConfiguration.HealthConfiguration.ENDPOINTS_HEALTH);

        assertThat(endpoints).isNotNull();
        for (String name : List.of("internal", "external")) {
            assertThat(((HealthIndicator) endpoints.getContributor(name))
                            .health()
                            .getStatus())
                    .as(name)
                    .isEqualTo(Status.UP);
        }
        assertThat(health.getContributor("bulwark")).isNotNull();
    }

    @Test
    void theEndpointsShareOneRegistryTaggedByEndpoint() throws Exception {
        call2026("/internal/mcp", "search", "{\"query\":\"a\"}", "ada");
        call2026("/mcp", "search", "{\"query\":\"b\"}", "ada");

        List<String> tagged = new ArrayList<>();
        meters.getMeters().forEach(meter -> {
            String endpoint = meter.getId().getTag(BulwarkEndpoints.TAG);
            if (meter.getId().getName().startsWith("mcp.") && endpoint != null) {
                tagged.add(endpoint);
            }
        });
        assertThat(tagged).contains("internal", "default");
    }

    private List<String> toolNames2026(String path) throws Exception {
        HttpResponse<String> response = post(path, list2026(), headers2026("tools/list", null, "ada"));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body())
                .path("result")
                .path("tools")
                .forEach(tool -> names.add(tool.path("name").asText()));
        return names;
    }

    private JsonNode call2026(String path, String tool, String arguments, String user) throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "," + META + "}}";
        return JSON.readTree(
                post(path, call, headers2026("tools/call", tool, user)).body());
    }

    private static String list2026() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META + "}}";
    }

    private static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    }

    private static String initialized() {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    }

    private static Map<String, String> headers2026(String method, String name, String user) {
        Map<String, String> headers = new HashMap<>(Map.of("MCP-Protocol-Version", ERA_2026, "Mcp-Method", method));
        if (name != null) {
            headers.put("Mcp-Name", name);
        }
        if (user != null) {
            headers.put("Authorization", basic(user));
        }
        return headers;
    }

    private McpSyncClient sessionClient(String path, String user) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base())
                .endpoint(path)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", basic(user)))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    }

    private String base() {
        return "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base()).resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
