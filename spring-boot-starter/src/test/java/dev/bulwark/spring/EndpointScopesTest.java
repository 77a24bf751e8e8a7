package dev.bulwark.spring;

import static dev.bulwark.spring.WebDoorAuthTesting.call;
import static dev.bulwark.spring.WebDoorAuthTesting.jwt;
import static dev.bulwark.spring.WebDoorAuthTesting.refusals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.McpTool;
import dev.bulwark.http.auth.CredentialGate;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Named endpoints with scopes and an audience of their own, behind the application's OAuth 2.0 resource server: the
 * {@code external} endpoint of properties requires {@code external} of every caller and takes tokens for
 * {@code bulwark.auth.resource-url} with its path; the {@code partner} bean names its own resource URL. A token for
 * one endpoint is refused at another.
 */
@SpringBootTest(
        classes = EndpointScopesTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.transport=web",
            "bulwark.auth.resource-url=" + EndpointScopesTest.RESOURCE,
            "bulwark.auth.authorization-servers=" + WebDoorAuthTesting.ISSUER,
            "bulwark.endpoints.external.path=/external/mcp",
            "bulwark.endpoints.external.tools=whoami",
            "bulwark.endpoints.external.auth.required-scopes=external"
        })
@DirtiesContext // an open context keeps Spring Boot from setting up logging for the next application in this JVM
class EndpointScopesTest {

    static final String RESOURCE = "https://mcp.example/mcp";
    private static final String EXTERNAL = "https://mcp.example/external/mcp";
    private static final String PARTNER = "https://partner.example/mcp";
    private static final ObjectMapper JSON = new ObjectMapper();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(McpResourceServer.class)
    static class Application {

        @Bean
        Tools tools() {
            return new Tools();
        }

        @Bean
        BulwarkEndpoint partner() {
            return BulwarkEndpoint.builder("partner")
                    .path("/partner/mcp")
                    .tools("whoami")
                    .requiredScopes("partner")
                    .resourceUrl(PARTNER)
                    .build();
        }
    }

    public static class Tools {
        @McpTool(description = "Says who is calling", readOnly = true)
        public String whoami(CallContext context) {
            return "caller " + context.principal().subject();
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    BulwarkEndpoints endpoints;

    @Test
    void aTokenForTheEndpointWithItsRequiredScopeCallsThere() throws Exception {
        HttpResponse<String> response =
                post("/external/mcp", "10.0.3.1", call("whoami", "{}"), bearer(jwt("ada", EXTERNAL, "external")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("caller ada");
    }

    @Test
    void aTokenForOneEndpointIsRefusedAtAnother() throws Exception {
        try (WebDoorAuthTesting.Audit audit = WebDoorAuthTesting.audit()) {
            HttpResponse<String> defaultsTokenAtExternal =
                    post("/external/mcp", "10.0.3.2", call("whoami", "{}"), bearer(jwt("ada", RESOURCE, "external")));
            HttpResponse<String> externalsTokenAtDefault =
                    post("/mcp", "10.0.3.3", call("whoami", "{}"), bearer(jwt("ada", EXTERNAL, "external")));
            HttpResponse<String> externalsTokenAtPartner =
                    post("/partner/mcp", "10.0.3.4", call("whoami", "{}"), bearer(jwt("ada", EXTERNAL, "partner")));

            assertThat(defaultsTokenAtExternal.statusCode()).isEqualTo(401);
            assertThat(defaultsTokenAtExternal.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value -> assertThat(value)
                            .startsWith("Bearer error=\"invalid_token\"")
                            .contains("https://mcp.example/.well-known/oauth-protected-resource/external/mcp"));
            assertThat(externalsTokenAtDefault.statusCode()).isEqualTo(401);
            assertThat(externalsTokenAtPartner.statusCode()).isEqualTo(401);
            assertThat(audit.lines())
                    .filteredOn(line -> line.contains("wrong_audience"))
                    .hasSize(3);
        }
    }

    @Test
    void aCallerWithoutTheEndpointsScopeGets403EvenForAToolThatNeedsNoneAudited() throws Exception {
        double before = refusals(endpoints.served().get(0).bulwark().meterRegistry(), "insufficient_scope");
        String token = jwt("bob", EXTERNAL, "profile");
        try (WebDoorAuthTesting.Audit audit = WebDoorAuthTesting.audit()) {
            HttpResponse<String> called = post("/external/mcp", "10.0.3.5", call("whoami", "{}"), bearer(token));
            HttpResponse<String> opened = post("/external/mcp", "10.0.3.5", initialize(), bearer(token));

            assertThat(called.statusCode()).as(called.body()).isEqualTo(403);
            assertThat(called.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value ->
                            assertThat(value).startsWith("Bearer error=\"insufficient_scope\", scope=\"external\""));
            assertThat(called.body()).doesNotContain("caller bob");
            assertThat(opened.statusCode())
                    .as("no session without the scope: " + opened.body())
                    .isEqualTo(403);
            assertThat(audit.lines())
                    .filteredOn(line -> line.contains("tool=whoami") && line.contains("insufficient_scope"))
                    .hasSize(1);
        }
        assertThat(refusals(endpoints.served().get(0).bulwark().meterRegistry(), "insufficient_scope"))
                .isEqualTo(before + 2);
    }

    @Test
    void theDefaultEndpointAsksNoEndpointScope() throws Exception {
        HttpResponse<String> response =
                post("/mcp", "10.0.3.6", call("whoami", "{}"), bearer(jwt("bob", RESOURCE, "profile")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aBeanEndpointTakesTokensForItsOwnResourceUrl() throws Exception {
        HttpResponse<String> own =
                post("/partner/mcp", "10.0.3.7", call("whoami", "{}"), bearer(jwt("ada", PARTNER, "partner")));
        HttpResponse<String> derived = post(
                "/partner/mcp",
                "10.0.3.8",
                call("whoami", "{}"),
                bearer(jwt("ada", "https://mcp.example/partner/mcp", "partner")));

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(derived.statusCode()).isEqualTo(401);
    }

    @Test
    void eachEndpointsMetadataNamesItsResourceAndRequiredScope() throws Exception {
        JsonNode external = metadata("/.well-known/oauth-protected-resource/external/mcp");
        JsonNode partner = metadata("/.well-known/oauth-protected-resource/partner/mcp");

        assertThat(external.path("resource").asText()).as(external.toString()).isEqualTo(EXTERNAL);
        assertThat(external.path("scopes_supported").toString()).contains("\"external\"");
        assertThat(partner.path("resource").asText()).isEqualTo(PARTNER);
        assertThat(partner.path("scopes_supported").toString()).contains("\"partner\"");
    }

    @Test
    void withoutSpringSecurityBulwarksOwnJwtsKeepTheAudienceRulePerEndpoint() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withBean(Tools.class)
                .withPropertyValues(
                        "bulwark.transport=web",
                        "bulwark.auth.jwt-secret=" + WebDoorAuthTesting.SECRET,
                        "bulwark.auth.issuer=" + WebDoorAuthTesting.ISSUER,
                        "bulwark.auth.resource-url=" + RESOURCE,
                        "bulwark.endpoints.external.path=/external/mcp",
                        "bulwark.endpoints.external.tools=whoami")
                .run(context -> {
                    WebDoorAuth external = context.getBean(BulwarkEndpoints.class)
                            .served()
                            .get(0)
                            .auth();
                    WebDoorAuth first = context.getBean(WebDoorAuth.class);

                    assertThat(external.bulwarkAuthenticates()).isTrue();
                    assertThat(decide(external, jwt("ada", EXTERNAL, "external")))
                            .isInstanceOf(CredentialGate.Admitted.class);
                    assertThat(decide(external, jwt("ada", RESOURCE, "external")))
                            .isInstanceOfSatisfying(
                                    CredentialGate.Refused.class,
                                    refused -> assertThat(refused.status()).isEqualTo(401));
                    assertThat(decide(first, jwt("ada", EXTERNAL, "external")))
                            .isInstanceOf(CredentialGate.Refused.class);
                });
    }

    private static CredentialGate.Decision decide(WebDoorAuth auth, String token) {
        return auth.gate().decide("10.0.3.9", null, List.of("Bearer " + token), List.of(), () -> "https://m");
    }

    private JsonNode metadata(String path) throws Exception {
        HttpResponse<String> response = WebDoorAuthTesting.get(port(), path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> post(String path, String client, String body, Map<String, String> headers)
            throws Exception {
        return WebDoorAuthTesting.post(port(), path, client, body, headers);
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
