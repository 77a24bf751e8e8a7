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
import dev.bulwark.http.edge.JsonRpcErrors;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@link BulwarkSecurity#mcp()} in an application's own filter chain, an OAuth 2.0 resource server with real signed
 * JWTs: the token's subject is the caller and its scopes the tool's, a token for another resource is refused, and
 * every refusal keeps MCP's shape, audited, counted and limited; Bulwark's own credential check does not run.
 */
@SpringBootTest(
        classes = BulwarkSecurityTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.transport=web",
            "bulwark.auth.resource-url=" + BulwarkSecurityTest.RESOURCE,
            "bulwark.auth.authorization-servers=" + WebDoorAuthTesting.ISSUER,
            "bulwark.auth.failure-limit=2",
            "bulwark.auth.trusted-proxies=127.0.0.1/32"
        })
@DirtiesContext // an open context keeps Spring Boot from setting up logging for the next application in this JVM
class BulwarkSecurityTest {

    static final String RESOURCE = "https://mcp.example/mcp";
    private static final String METADATA = "https://mcp.example/.well-known/oauth-protected-resource/mcp";
    private static final ObjectMapper JSON = new ObjectMapper();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(McpResourceServer.class)
    static class Application {

        @Bean
        Tools tools() {
            return new Tools();
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

    @Autowired
    ApplicationContext context;

    @Test
    void aJwtTheResourceServerVerifiedCallsAToolAsItsSubjectWithItsScopes() throws Exception {
        String token = jwt("ada", RESOURCE, "orders:read");

        HttpResponse<String> who = post("10.0.2.1", call("whoami", "{}"), bearer(token));
        HttpResponse<String> order = post("10.0.2.1", call("order", "{\"id\":\"7\"}"), bearer(token));

        assertThat(who.statusCode()).as(who.body()).isEqualTo(200);
        assertThat(text(who)).isEqualTo("caller ada");
        assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
        assertThat(text(order)).isEqualTo("order 7");
    }

    @Test
    void bulwarksOwnCredentialCheckDoesNotRunBesideSpringSecurity() {
        FilterRegistrationBean<?> filter = context.getBean("bulwarkCredentialFilter", FilterRegistrationBean.class);

        assertThat(filter.isEnabled()).isFalse();
    }

    @Test
    void aRequestWithoutATokenGets401NamingTheMetadataAuditedAndCounted() throws Exception {
        double before = refusals(bulwark.meterRegistry(), "unauthenticated");
        try (WebDoorAuthTesting.Audit audit = WebDoorAuthTesting.audit()) {
            HttpResponse<String> response = post("10.0.2.2", call("whoami", "{}"), Map.of());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer resource_metadata=\"" + METADATA + "\"");
            assertThat(JSON.readTree(response.body()).path("error").path("code").asInt())
                    .isEqualTo(JsonRpcErrors.UNAUTHORIZED);
            assertThat(audit.lines())
                    .anySatisfy(line -> assertThat(line)
                            .contains("HTTP authentication refused")
                            .contains("missing"));
        }
        assertThat(refusals(bulwark.meterRegistry(), "unauthenticated")).isEqualTo(before + 1);
    }

    @Test
    void aTokenSignedWithAnotherKeyGetsMcpShaped401() throws Exception {
        String forged = jwt("a-different-secret-of-more-than-thirty-two-bytes", "ada", RESOURCE, "orders:read");

        HttpResponse<String> response = post("10.0.2.3", call("whoami", "{}"), bearer(forged));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value)
                        .startsWith("Bearer error=\"invalid_token\"")
                        .contains("resource_metadata=\"" + METADATA + "\""));
        assertThat(JSON.readTree(response.body()).path("error").path("code").asInt())
                .isEqualTo(JsonRpcErrors.UNAUTHORIZED);
    }

    @Test
    void aTokenForAnotherResourceIsRefusedThoughItsSignatureIsGood() throws Exception {
        try (WebDoorAuthTesting.Audit audit = WebDoorAuthTesting.audit()) {
            String elsewhere = jwt("ada", "https://other.example/mcp", "orders:read");

            HttpResponse<String> response = post("10.0.2.4", call("whoami", "{}"), bearer(elsewhere));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
            assertThat(audit.lines()).anySatisfy(line -> assertThat(line).contains("wrong_audience"));
        }
    }

    @Test
    void aTokenWithoutTheToolsScopeGets403InsufficientScopeCounted() throws Exception {
        double before = refusals(bulwark.meterRegistry(), "insufficient_scope");
        String token = jwt("bob", RESOURCE, "profile");

        HttpResponse<String> response = post("10.0.2.5", call("order", "{\"id\":\"7\"}"), bearer(token));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value)
                        .startsWith("Bearer error=\"insufficient_scope\", scope=\"orders:read\"")
                        .contains("resource_metadata=\"" + METADATA + "\""));
        assertThat(refusals(bulwark.meterRegistry(), "insufficient_scope")).isEqualTo(before + 1);
    }

    @Test
    void pastTheFailureLimitAClientGets429BeforeItsTokenIsChecked() throws Exception {
        String forged = jwt("a-different-secret-of-more-than-thirty-two-bytes", "ada", RESOURCE, "orders:read");
        for (int i = 0; i < 2; i++) {
            assertThat(post("10.0.2.6", call("whoami", "{}"), bearer(forged)).statusCode())
                    .isEqualTo(401);
        }

        HttpResponse<String> blocked =
                post("10.0.2.6", call("whoami", "{}"), bearer(jwt("ada", RESOURCE, "orders:read")));

        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void theProtectedResourceMetadataIsServedWithoutAToken() throws Exception {
        HttpResponse<String> response = WebDoorAuthTesting.get(port(), "/.well-known/oauth-protected-resource/mcp");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metadata = JSON.readTree(response.body());
        assertThat(metadata.path("resource").asText()).isEqualTo(RESOURCE);
        assertThat(metadata.path("authorization_servers").path(0).asText()).isEqualTo(WebDoorAuthTesting.ISSUER);
    }

    @Test
    void aResourceServerWithoutTheResourceUrlStopsTheStartNamingIt() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withUserConfiguration(McpResourceServer.class)
                .withPropertyValues("bulwark.transport=web")
                .run(started -> assertThat(NestedExceptionUtils.getMostSpecificCause(started.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageStartingWith("bulwark.auth.resource-url: BulwarkSecurity.mcp() holds every OAuth 2.0"
                                + " token to the MCP endpoint it names in aud, so it must be set"));
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
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
