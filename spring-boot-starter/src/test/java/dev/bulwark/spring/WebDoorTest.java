package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.McpTool;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The servlet door, a servlet web application's default: MCP at {@code bulwark.http.path} on the application's own
 * port (Tomcat), behind the application's own {@link SecurityFilterChain}, in both protocol eras. The caller is the
 * user Spring Security authenticated, its authorities its scopes; no second port is opened.
 */
@SpringBootTest(
        classes = WebDoorTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bulwark.http.path=" + WebDoorTest.PATH, "bulwark.http.allowed-origins=" + WebDoorTest.ORIGIN})
@DirtiesContext // an open context keeps Spring Boot from setting up logging for the next application in this JVM
class WebDoorTest {

    /** Where the application mounts MCP: not the default, so the setting is seen to apply. */
    static final String PATH = "/api/mcp";

    /** The one browser origin the application allows. */
    static final String ORIGIN = "https://app.example.com";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableWebSecurity
    static class Application {

        @Bean
        Tools tools() {
            return new Tools();
        }

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(csrf -> csrf.ignoringRequestMatchers(PATH))
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("ada")
                            .password("{noop}secret")
                            .authorities("SCOPE_orders:read")
                            .build(),
                    User.withUsername("bob")
                            .password("{noop}secret")
                            .authorities("ROLE_USER")
                            .build());
        }
    }

    public static class Tools {
        @McpTool(description = "Says who is calling", readOnly = true)
        public String whoami(CallContext context) {
            return "caller " + context.principal().subject();
        }

        @McpTool(description = "Reports half its progress, then answers", readOnly = true)
        public String halfway(CallContext context) {
            context.reportProgress(1, 2.0, "half");
            return "done";
        }

        @McpTool(description = "Reads an order", readOnly = true, scopes = "orders:read")
        public String order(String id) {
            return "order " + id;
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    Bulwark bulwark;

    @Autowired
    ServletWebServerApplicationContext context;

    /** The servlet container the application runs on, as its web server's class name starts. */
    String container() {
        return "Tomcat";
    }

    @Test
    void theApplicationsOwnServletContainerServesIt() {
        assertThat(context.getWebServer().getClass().getSimpleName()).startsWith(container());
    }

    @Test
    void aSessionEraClientOfTheSdkCallsAToolAsTheUserSpringSecurityAuthenticated() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base())
                .endpoint(PATH)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", basic("ada")))
                .build();
        try (McpSyncClient client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
            client.initialize();
            McpSchema.CallToolResult who = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
            McpSchema.CallToolResult order = client.callTool(new McpSchema.CallToolRequest("order", Map.of("id", "7")));

            assertThat(text(who)).isEqualTo("caller ada");
            assertThat(order.isError()).as(text(order)).isFalse();
            assertThat(text(order)).isEqualTo("order 7");
        }
    }

    @Test
    void aRequestTheFilterChainDidNotAuthenticateNeverReachesBulwark() throws Exception {
        HttpResponse<String> response = post(call2025("whoami", "{}"), Map.of("MCP-Protocol-Version", "2025-11-25"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
    }

    @Test
    void theUsersAuthoritiesAreItsScopes() throws Exception {
        HttpResponse<String> refused = post(
                call2025("order", "{\"id\":\"7\"}"),
                Map.of("MCP-Protocol-Version", "2025-11-25", "Authorization", basic("bob")));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value ->
                        assertThat(value).startsWith("Bearer error=\"insufficient_scope\", scope=\"orders:read\""));
        assertThat(JSON.readTree(refused.body()).path("error").path("message").asText())
                .contains("orders:read");
    }

    @Test
    void anUnknownToolOfTheSessionEraIsAnsweredInBandWithInvalidParams() throws Exception {
        HttpResponse<String> refused = post(
                call2025("no_such_tool", "{}"),
                Map.of("MCP-Protocol-Version", "2025-11-25", "Authorization", basic("ada")));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(refused.body());
        assertThat(answer.path("id").asInt()).isEqualTo(1);
        assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(answer.path("error").path("message").asText())
                .isEqualTo("Unknown tool 'no_such_tool': call tools/list to see the tools you can call");
    }

    @Test
    void aRequestOfThe2026EraIsServedWithoutASessionAsTheAuthenticatedUser() throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
                + "\"arguments\":{}," + META + "}}";
        HttpResponse<String> response = post(
                call,
                Map.of(
                        "MCP-Protocol-Version", "2026-07-28",
                        "Mcp-Method", "tools/call",
                        "Mcp-Name", "whoami",
                        "Authorization", basic("ada")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("application/json"));
        JsonNode result = JSON.readTree(response.body()).path("result");
        assertThat(result.path("content").path(0).path("text").asText()).isEqualTo("caller ada");
        assertThat(result.path("resultType").asText()).isEqualTo("complete");
    }

    @Test
    void aProtocolErrorOfThe2026EraKeepsItsStatus() throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
                + "\"arguments\":{}," + META + "}}";
        HttpResponse<String> response =
                post(call, Map.of("MCP-Protocol-Version", "2026-07-28", "Authorization", basic("ada")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asInt())
                .isEqualTo(-32020);
    }

    @Test
    void a2026CallThatReportsProgressIsAnsweredOnAnEventStreamEndingWithItsResult() throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"halfway\","
                + "\"arguments\":{},\"_meta\":{\"progressToken\":\"p-1\","
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        HttpResponse<String> response = post(call, headers2026("tools/call", "halfway"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("text/event-stream"));
        List<String> events = response.body()
                .lines()
                .filter(line -> line.startsWith("data: "))
                .toList();
        assertThat(events).hasSize(2);
        assertThat(JSON.readTree(events.get(0).substring(6)).path("method").asText())
                .isEqualTo("notifications/progress");
        JsonNode answer = JSON.readTree(events.get(1).substring(6));
        assertThat(answer.path("id").asInt()).isEqualTo(5);
        assertThat(answer.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("done");
    }

    @Test
    void aSubscriptionStreamsItsAcknowledgementAndEndsWithItsResultWhenTheServerEndsIt() throws Exception {
        String listen = "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"subscriptions/listen\",\"params\":{"
                + "\"notifications\":{}," + META + "}}";
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri().resolve(PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(listen));
        headers2026("subscriptions/listen", null).forEach(request::header);
        HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader events =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = events.readLine();
            } while (line != null && !line.contains("subscriptions/acknowledged"));
            assertThat(line).as("the subscription was acknowledged").isNotNull();

            bulwark.endSubscriptions();
            StringBuilder rest = new StringBuilder();
            while ((line = events.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest)
                    .as("its final result, then the end of the stream")
                    .contains("\"id\":6")
                    .contains("\"result\"");
        }
    }

    @Test
    void aBrowserOriginOutsideTheAllowlistIsRefusedBeforeAnyAuthentication() throws Exception {
        HttpResponse<String> refused = post(
                call2025("whoami", "{}"),
                Map.of("MCP-Protocol-Version", "2025-11-25", "Origin", "https://evil.example.com"));

        assertThat(refused.statusCode()).as("403, not the filter chain's 401").isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("error").path("message").asText())
                .contains("bulwark.http.allowed-origins");
    }

    @Test
    void anAllowedOriginIsServedWithCorsHeaders() throws Exception {
        HttpResponse<String> served = post(
                call2025("whoami", "{}"),
                Map.of("MCP-Protocol-Version", "2025-11-25", "Authorization", basic("ada"), "Origin", ORIGIN));

        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(JSON.readTree(served.body())
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .isEqualTo("caller ada");
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithoutCredentials() throws Exception {
        HttpRequest preflight = HttpRequest.newBuilder(baseUri().resolve(PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> answer = CLIENT.send(preflight, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValueSatisfying(value -> assertThat(value).contains("Mcp-Session-Id", "Authorization"));
    }

    @Test
    void noSecondPortIsOpened() {
        assertThat(environment.getProperty(BulwarkHttpLifecycle.LOCAL_PORT_PROPERTY))
                .isNull();
    }

    private static Map<String, String> headers2026(String method, String name) {
        Map<String, String> headers = new java.util.HashMap<>(
                Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method, "Authorization", basic("ada")));
        if (name != null) {
            headers.put("Mcp-Name", name);
        }
        return headers;
    }

    private URI baseUri() {
        return URI.create(base());
    }

    private String base() {
        return "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
    }

    private static String call2025(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    private HttpResponse<String> post(String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri().resolve(PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
