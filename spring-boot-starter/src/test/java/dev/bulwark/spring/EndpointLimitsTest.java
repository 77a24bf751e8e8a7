package dev.bulwark.spring;

import static dev.bulwark.spring.WebDoorAuthTesting.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.config.BulwarkConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
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
 * Named endpoints with rate limits and request limits of their own: {@code limited} of properties allows one call a
 * minute and 1 KiB requests, the {@code batch} bean its own tool timeout; every value they leave unset is the
 * application's, and the endpoint at {@code bulwark.http.path} keeps the application's.
 */
@SpringBootTest(
        classes = EndpointLimitsTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.transport=web",
            "bulwark.limits.max-result-size=2MiB",
            "bulwark.rate-limit.per-minute=50",
            "bulwark.endpoints.limited.path=/limited/mcp",
            "bulwark.endpoints.limited.tools=echo",
            "bulwark.endpoints.limited.rate-limit.per-minute=1",
            "bulwark.endpoints.limited.limits.max-request-size=1KiB"
        })
@DirtiesContext // an open context keeps Spring Boot from setting up logging for the next application in this JVM
class EndpointLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(McpBasicAuth.class)
    static class Application {

        @Bean
        Tools tools() {
            return new Tools();
        }

        @Bean
        BulwarkEndpoint batch() {
            return BulwarkEndpoint.builder("batch")
                    .path("/batch/mcp")
                    .tools("echo")
                    .setting("limits.tool-timeout", "2m")
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("carol")
                            .password("{noop}secret")
                            .authorities("ROLE_USER")
                            .build(),
                    User.withUsername("dave")
                            .password("{noop}secret")
                            .authorities("ROLE_USER")
                            .build());
        }
    }

    public static class Tools {
        @McpTool(description = "Says the text back", readOnly = true)
        public String echo(String text) {
            return "echo " + text;
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    Bulwark bulwark;

    @Autowired
    BulwarkEndpoints endpoints;

    @Test
    void anEndpointsOwnValuesAreSetOverTheApplicationsAndTheRestAreTheApplications() {
        BulwarkConfig application = bulwark.config();
        BulwarkConfig limited = served("limited").config();
        BulwarkConfig batch = served("batch").config();

        assertThat(limited.rateLimit().perMinute()).isEqualTo(1);
        assertThat(limited.limits().maxRequestBytes()).isEqualTo(1024);
        assertThat(limited.limits().maxResultBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(limited.limits().toolTimeout())
                .isEqualTo(application.limits().toolTimeout());
        assertThat(batch.limits().toolTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(batch.rateLimit()).isEqualTo(application.rateLimit());
        assertThat(application.rateLimit().perMinute()).isEqualTo(50);
    }

    @Test
    void theEndpointsRateLimitRefusesASecondCallWhereTheDefaultEndpointTakesIt() throws Exception {
        JsonNode first = result(post("/limited/mcp", "carol", call("echo", "{\"text\":\"a\"}")));
        JsonNode second = result(post("/limited/mcp", "carol", call("echo", "{\"text\":\"b\"}")));
        JsonNode atDefault = result(post("/mcp", "carol", call("echo", "{\"text\":\"c\"}")));
        JsonNode againAtDefault = result(post("/mcp", "carol", call("echo", "{\"text\":\"d\"}")));

        assertThat(first.path("isError").asBoolean()).as(first.toString()).isFalse();
        assertThat(second.path("isError").asBoolean()).as(second.toString()).isTrue();
        assertThat(second.toString()).contains("Rate limit exceeded", "1 calls per minute");
        assertThat(atDefault.path("isError").asBoolean())
                .as(atDefault.toString())
                .isFalse();
        assertThat(againAtDefault.path("isError").asBoolean())
                .as(againAtDefault.toString())
                .isFalse();
    }

    @Test
    void theEndpointsRequestLimitRefusesABodyTheDefaultEndpointTakes() throws Exception {
        String large = call("echo", "{\"text\":\"" + "x".repeat(2048) + "\"}");

        HttpResponse<String> limited = post("/limited/mcp", "dave", large);
        HttpResponse<String> atDefault = post("/mcp", "dave", large);

        assertThat(limited.statusCode()).isEqualTo(413);
        assertThat(atDefault.statusCode()).as(atDefault.body()).isEqualTo(200);
        assertThat(atDefault.body()).contains("echo xxx");
    }

    private Bulwark served(String name) {
        return endpoints.served().stream()
                .filter(one -> one.endpoint().name().equals(name))
                .findFirst()
                .orElseThrow()
                .bulwark();
    }

    private static JsonNode result(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("result");
    }

    private HttpResponse<String> post(String path, String user, String body) throws Exception {
        return WebDoorAuthTesting.post(
                port(), path, "10.0.4.1", body, Map.of("Authorization", McpBasicAuth.basic(user)));
    }

    private int port() {
        return Integer.parseInt(environment.getRequiredProperty("local.server.port"));
    }
}
