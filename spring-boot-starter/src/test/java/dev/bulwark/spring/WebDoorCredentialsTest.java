package dev.bulwark.spring;

import static dev.bulwark.spring.WebDoorAuthTesting.call;
import static dev.bulwark.spring.WebDoorAuthTesting.jwt;
import static dev.bulwark.spring.WebDoorAuthTesting.refusals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.McpTool;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.edge.JsonRpcErrors;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The web door of an application without Spring Security: Bulwark's API keys and JWTs in front of the MCP path, with
 * the server jar's answers (401 with {@code resource_metadata}, 403 {@code insufficient_scope}), its failure limit,
 * audit lines and counters. Each test calls from an address of its own (a trusted proxy's {@code X-Forwarded-For}),
 * so the failure limit of one does not reach another.
 */
@SpringBootTest(
        classes = WebDoorCredentialsTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.transport=web",
            "bulwark.auth.jwt-secret=" + WebDoorAuthTesting.SECRET,
            "bulwark.auth.issuer=" + WebDoorAuthTesting.ISSUER,
            "bulwark.auth.resource-url=" + WebDoorCredentialsTest.RESOURCE,
            "bulwark.auth.failure-limit=2",
            "bulwark.auth.trusted-proxies=127.0.0.1/32"
        })
@DirtiesContext // an open context keeps Spring Boot from setting up logging for the next application in this JVM
class WebDoorCredentialsTest {

    static final String RESOURCE = "https://mcp.example/mcp";
    private static final String ADA_KEY = "bwk_ada-key-for-the-web-door-test-0001";
    private static final String BOB_KEY = "bwk_bob-key-for-the-web-door-test-0002";
    private static final ObjectMapper JSON = new ObjectMapper();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        Tools tools() {
            return new Tools();
        }

        @Bean
        ApiKeys apiKeys() {
            return new ApiKeys(List.of(
                    new ApiKey("ada", Set.of("orders:read"), ApiKeys.hashOf(ADA_KEY)),
                    new ApiKey("bob", Set.of(), ApiKeys.hashOf(BOB_KEY))));
        }
    }

    public static class Tools {
        @McpTool(description = "Says who is calling", readOnly = true)
        public String whoami(CallContext context) {
            return "caller " + context.principal().subject();
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

    @Test
    void anApiKeyCallsAToolAsItsSubject() throws Exception {
        HttpResponse<String> response = post("10.0.1.1", call("whoami", "{}"), Map.of("X-API-Key", ADA_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("caller ada");
    }

    @Test
    void aJwtForThisResourceCallsAToolAsItsSubjectWithItsScopes() throws Exception {
        String token = jwt("carol", RESOURCE, "orders:read");

        HttpResponse<String> response =
                post("10.0.1.2", call("order", "{\"id\":\"7\"}"), Map.of("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("order 7");
    }

    @Test
    void aRequestWithoutCredentialGets401NamingTheMetadataAuditedAndCounted() throws Exception {
        double before = refusals(bulwark.meterRegistry(), "unauthenticated");
        try (WebDoorAuthTesting.Audit audit = WebDoorAuthTesting.audit()) {
            HttpResponse<String> response = post("10.0.1.3", call("whoami", "{}"), Map.of());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValue(
                            "Bearer resource_metadata=\"https://mcp.example/.well-known/oauth-protected-resource/mcp\"");
            assertThat(JSON.readTree(response.body()).path("error").path("code").asInt())
                    .isEqualTo(JsonRpcErrors.UNAUTHORIZED);
            assertThat(audit.lines())
                    .anySatisfy(line -> assertThat(line)
                            .contains("HTTP authentication refused")
                            .contains("missing")
                            .contains("10.0.1.3"));
        }
        assertThat(refusals(bulwark.meterRegistry(), "unauthenticated")).isEqualTo(before + 1);
    }

    @Test
    void aTokenForAnotherResourceIsRefusedAsInvalid() throws Exception {
        String token = jwt("carol", "https://other.example/mcp", "orders:read");

        HttpResponse<String> response =
                post("10.0.1.4", call("whoami", "{}"), Map.of("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value)
                        .startsWith("Bearer error=\"invalid_token\"")
                        .contains(
                                "resource_metadata=\"https://mcp.example/.well-known/oauth-protected-resource/mcp\""));
        assertThat(response.body()).doesNotContain(token);
    }

    @Test
    void aCallerWithoutTheToolsScopeGets403InsufficientScopeAuditedAndCounted() throws Exception {
        double before = refusals(bulwark.meterRegistry(), "insufficient_scope");
        try (WebDoorAuthTesting.Audit audit = WebDoorAuthTesting.audit()) {
            HttpResponse<String> response =
                    post("10.0.1.5", call("order", "{\"id\":\"7\"}"), Map.of("X-API-Key", BOB_KEY));

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(
                            value -> assertThat(value)
                                    .startsWith("Bearer error=\"insufficient_scope\", scope=\"orders:read\"")
                                    .contains(
                                            "resource_metadata=\"https://mcp.example/.well-known/oauth-protected-resource/mcp\""));
            assertThat(JSON.readTree(response.body()).path("error").path("code").asInt())
                    .isEqualTo(JsonRpcErrors.FORBIDDEN);
            assertThat(audit.lines())
                    .anySatisfy(line -> assertThat(line)
                            .contains(
                                    "principal=bob kind=tool tool=order outcome=error error_type=insufficient_scope"));
        }
        assertThat(refusals(bulwark.meterRegistry(), "insufficient_scope")).isEqualTo(before + 1);
    }

    @Test
    void pastTheFailureLimitAClientGets429WithoutItsCredentialChecked() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(post("10.0.1.6", call("whoami", "{}"), Map.of("X-API-Key", "bwk_wrong"))
                            .statusCode())
                    .isEqualTo(401);
        }

        HttpResponse<String> blocked = post("10.0.1.6", call("whoami", "{}"), Map.of("X-API-Key", ADA_KEY));
        HttpResponse<String> another = post("10.0.1.7", call("whoami", "{}"), Map.of("X-API-Key", ADA_KEY));

        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(another.statusCode()).as("another address").isEqualTo(200);
    }

    @Test
    void theProtectedResourceMetadataIsServedOnTheApplicationsPortWithoutACredential() throws Exception {
        HttpResponse<String> response = WebDoorAuthTesting.get(port(), "/.well-known/oauth-protected-resource/mcp");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metadata = JSON.readTree(response.body());
        assertThat(metadata.path("resource").asText()).isEqualTo(RESOURCE);
        assertThat(metadata.path("authorization_servers").path(0).asText()).isEqualTo(WebDoorAuthTesting.ISSUER);
        assertThat(metadata.path("scopes_supported").toString()).contains("orders:read");
    }

    private HttpResponse<String> post(String client, String body, Map<String, String> headers) throws Exception {
        return WebDoorAuthTesting.post(port(), "/mcp", client, body, headers);
    }

    private int port() {
        return Integer.parseInt(environment.getRequiredProperty("local.server.port"));
    }

    private static String text(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body())
                .path("result")
                .path("content")
                .path(0)
                .path("text")
                .asText();
    }
}
