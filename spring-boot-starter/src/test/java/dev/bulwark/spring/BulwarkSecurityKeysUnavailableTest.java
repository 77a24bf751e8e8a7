package dev.bulwark.spring;

import static dev.bulwark.spring.WebDoorAuthTesting.call;
import static dev.bulwark.spring.WebDoorAuthTesting.refusals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.core.Bulwark;
import dev.bulwark.http.edge.JsonRpcErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@link BulwarkSecurity#mcp()} with a resource server whose JWK set cannot be fetched (its server on loopback answers
 * 503): a token is answered 503 with Retry-After in MCP's shape, naming no host, audited, and not counted against
 * the client's failure limit; Spring Security alone would answer 500.
 */
@SpringBootTest(
        classes = BulwarkSecurityKeysUnavailableTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.transport=web",
            "bulwark.auth.resource-url=" + BulwarkSecurityTest.RESOURCE,
            "bulwark.auth.failure-limit=1",
            "bulwark.auth.trusted-proxies=127.0.0.1/32"
        })
@DirtiesContext // an open context keeps Spring Boot from setting up logging for the next application in this JVM
class BulwarkSecurityKeysUnavailableTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The JWK set's server, down for maintenance: every request is answered 503. */
    private static final HttpServer KEYS_DOWN = keysDown();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableWebSecurity
    static class Application {

        @Bean
        JwtDecoder jwtDecoder() {
            return NimbusJwtDecoder.withJwkSetUri(
                            "http://127.0.0.1:" + KEYS_DOWN.getAddress().getPort() + "/jwks")
                    .build();
        }

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                    .with(BulwarkSecurity.mcp(), Customizer.withDefaults())
                    .build();
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    Bulwark bulwark;

    @Test
    void aTokenWhoseKeysCannotBeFetchedGets503WithRetryAfterNamingNoHost() throws Exception {
        try (WebDoorAuthTesting.Audit audit = WebDoorAuthTesting.audit()) {
            HttpResponse<String> response = post("10.0.3.1");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(JsonRpcErrors.SERVER_UNAVAILABLE);
            assertThat(error.path("message").asText())
                    .contains("could not load the keys")
                    .doesNotContain("127.0.0.1")
                    .doesNotContain("jwks");
            assertThat(audit.lines())
                    .anySatisfy(line -> assertThat(line)
                            .contains("HTTP authentication refused")
                            .contains("unavailable"));
        }
    }

    @Test
    void keysThatCannotBeFetchedAreNotTheClientsFailureSoItIsNotBlocked() throws Exception {
        double before = refusals(bulwark.meterRegistry(), "keys_unavailable");

        for (int i = 0; i < 3; i++) {
            assertThat(post("10.0.3.2").statusCode()).isEqualTo(503);
        }

        assertThat(refusals(bulwark.meterRegistry(), "keys_unavailable")).isEqualTo(before + 3);
    }

    private HttpResponse<String> post(String client) throws Exception {
        return WebDoorAuthTesting.post(
                Integer.parseInt(environment.getRequiredProperty("local.server.port")),
                "/mcp",
                client,
                call("whoami", "{}"),
                Map.of("Authorization", "Bearer " + rs256Token()));
    }

    /** A well-formed RS256 token: checking it needs the JWK set, so the decoder goes to fetch it. */
    private static String rs256Token() {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(("{\"sub\":\"ada\",\"aud\":\"" + BulwarkSecurityTest.RESOURCE + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + url.encodeToString(new byte[256]);
    }

    private static HttpServer keysDown() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopTheKeysServer() {
        KEYS_DOWN.stop(0);
    }
}
