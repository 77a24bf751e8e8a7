package dev.bulwark.spring;

import static dev.bulwark.spring.WebDoorAuthTesting.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Without Spring Security, a named endpoint's origin check runs before Bulwark's credential check: a foreign origin
 * is refused before its credential is read, so a wrong key sent from there neither gets a 401 nor counts towards the
 * caller's address's failure limit.
 */
@SpringBootTest(
        classes = EndpointOriginBeforeCredentialsTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.transport=web",
            "bulwark.auth.failure-limit=1",
            "bulwark.auth.trusted-proxies=127.0.0.1/32",
            "bulwark.endpoints.external.path=" + EndpointOriginBeforeCredentialsTest.PATH,
            "bulwark.endpoints.external.tools=whoami"
        })
@DirtiesContext // an open context keeps Spring Boot from setting up logging for the next application in this JVM
class EndpointOriginBeforeCredentialsTest {

    static final String PATH = "/external/mcp";
    private static final String ADA_KEY = "bwk_ada-key-for-the-endpoint-order-test-01";
    private static final String WRONG_KEY = "bwk_not-a-key-of-this-application-000000";
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
            return new ApiKeys(List.of(new ApiKey("ada", Set.of(), ApiKeys.hashOf(ADA_KEY))));
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

    @Test
    void aWrongKeyFromAForeignOriginIsRefusedForItsOriginAndNeverCountsAsAFailure() throws Exception {
        String client = "10.0.9.2";
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refused =
                    post(client, Map.of("X-API-Key", WRONG_KEY, "Origin", "https://evil.example.com"));

            assertThat(refused.statusCode())
                    .as("the origin's 403, not the key's 401: %s", refused.body())
                    .isEqualTo(403);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(JSON.readTree(refused.body()).path("error").path("code").asInt())
                    .isEqualTo(JsonRpcErrors.FORBIDDEN);
            assertThat(JSON.readTree(refused.body())
                            .path("error")
                            .path("message")
                            .asText())
                    .contains("bulwark.http.allowed-origins");
        }

        HttpResponse<String> served = post(client, Map.of("X-API-Key", ADA_KEY));

        assertThat(served.statusCode())
                .as("a right key from the same address, past a failure limit of 1: %s", served.body())
                .isEqualTo(200);
        assertThat(JSON.readTree(served.body())
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .isEqualTo("caller ada");
    }

    @Test
    void withoutAForeignOriginTheSameWrongKeyGets401() throws Exception {
        HttpResponse<String> refused = post("10.0.9.3", Map.of("X-API-Key", WRONG_KEY));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    private HttpResponse<String> post(String client, Map<String, String> headers) throws Exception {
        int port = Integer.parseInt(environment.getRequiredProperty("local.server.port"));
        return WebDoorAuthTesting.post(port, PATH, client, call("whoami", "{}"), headers);
    }
}
