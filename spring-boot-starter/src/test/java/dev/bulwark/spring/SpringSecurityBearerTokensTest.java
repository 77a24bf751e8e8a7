package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Bearer tokens verified by the application's Spring Security {@link JwtDecoder} (a real {@link NimbusJwtDecoder}
 * over a key made here), over real HTTP on Bulwark's port: the caller and scopes Bulwark sees, and the refusals.
 */
class SpringSecurityBearerTokensTest {

    static final RSAKey SIGNING = newKey();
    static final RSAKey STRANGER = newKey();

    record Nothing() {}

    record Caller(String subject, List<String> scopes) {}

    @Configuration(proxyBeanMethods = false)
    static class ResourceServer {
        @Bean
        JwtDecoder jwtDecoder() throws JOSEException {
            return NimbusJwtDecoder.withPublicKey(SIGNING.toRSAPublicKey()).build();
        }

        @Bean
        Tool<Nothing, Caller> whoAmI() {
            return Tool.builder("who_am_i", Nothing.class, Caller.class)
                    .description("The caller and scopes Bulwark sees")
                    .handler((input, context) -> ToolResult.of(new Caller(
                            context.principal().subject(),
                            List.copyOf(new TreeSet<>(context.principal().scopes())))))
                    .build();
        }

        @Bean
        Tool<Nothing, Caller> cancelOrder() {
            return Tool.builder("cancel_order", Nothing.class, Caller.class)
                    .description("Needs orders:write")
                    .requiredScopes("orders:write")
                    .handler((input, context) ->
                            ToolResult.of(new Caller(context.principal().subject(), List.of())))
                    .build();
        }
    }

    static final String RESOURCE = "http://127.0.0.1/mcp";

    // Only the audience: the JwtDecoder alone turns authentication on, on loopback too.
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
            .withUserConfiguration(ResourceServer.class)
            .withPropertyValues(
                    "bulwark.http.port=0",
                    "bulwark.http.management-port=0",
                    "bulwark.http.mode=stateless",
                    "bulwark.auth.resource-url=" + RESOURCE);

    @Test
    void theCallerIsTheTokensNameAndItsScopesAreTheAuthoritiesWithoutScopePrefix() {
        runner.run(context -> {
            int port = context.getBean(BulwarkHttpLifecycle.class).port();
            String token = token(SIGNING, "alice", "orders:read tools:read");

            HttpResponse<String> answer = call(port, "who_am_i", "Bearer " + token);

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body())
                    .contains("\"subject\":\"alice\"", "\"scopes\":[\"orders:read\",\"tools:read\"]")
                    .doesNotContain("SCOPE_");
        });
    }

    @Test
    void aCallerWithTheScopeCallsTheScopedTool() {
        runner.run(context -> {
            int port = context.getBean(BulwarkHttpLifecycle.class).port();

            HttpResponse<String> answer = call(port, "cancel_order", "Bearer " + token(SIGNING, "bob", "orders:write"));

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"subject\":\"bob\"").doesNotContain("\"isError\":true");
        });
    }

    @Test
    void aCallerWithoutTheScopeGets403InsufficientScope() {
        runner.run(context -> {
            int port = context.getBean(BulwarkHttpLifecycle.class).port();

            HttpResponse<String> answer =
                    call(port, "cancel_order", "Bearer " + token(SIGNING, "carol", "orders:read"));

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(challenge ->
                            assertThat(challenge).contains("insufficient_scope", "scope=\"orders:write\""));
        });
    }

    @Test
    void noTokenGets401WithABearerChallenge() {
        runner.run(context -> {
            int port = context.getBean(BulwarkHttpLifecycle.class).port();

            HttpResponse<String> answer = call(port, "who_am_i", null);

            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(challenge ->
                            assertThat(challenge).startsWith("Bearer").contains("resource_metadata="));
        });
    }

    @Test
    void aTokenSpringSecurityRefusesGets401InvalidTokenWithoutItsReason() {
        runner.run(context -> {
            int port = context.getBean(BulwarkHttpLifecycle.class).port();

            HttpResponse<String> foreign =
                    call(port, "who_am_i", "Bearer " + token(STRANGER, "mallory", "orders:write"));
            HttpResponse<String> expired = call(port, "who_am_i", "Bearer " + expiredToken());

            for (HttpResponse<String> answer : List.of(foreign, expired)) {
                assertThat(answer.statusCode()).isEqualTo(401);
                assertThat(answer.headers().firstValue("WWW-Authenticate"))
                        .hasValueSatisfying(challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
                assertThat(answer.body())
                        .contains("the bearer token is not valid")
                        .doesNotContain("Jwt");
            }
        });
    }

    @Test
    void aTokenForAnotherAudienceOrForNoneIsRefused() {
        runner.run(context -> {
            int port = context.getBean(BulwarkHttpLifecycle.class).port();

            HttpResponse<String> other = call(
                    port, "who_am_i", "Bearer " + token(SIGNING, "eve", "orders:write", "https://billing.example"));
            HttpResponse<String> none = call(port, "who_am_i", "Bearer " + token(SIGNING, "eve", "orders:write", null));

            assertThat(other.statusCode()).isEqualTo(401);
            assertThat(other.body()).contains("not issued for this server");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("lacks a required claim");
        });
    }

    @Test
    void withoutTheResourceUrlTheStartStopsNamingIt() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withUserConfiguration(ResourceServer.class)
                .withPropertyValues("bulwark.http.port=0", "bulwark.http.management-port=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageStartingWith("bulwark.auth.resource-url: must be set"));
    }

    @Test
    void theMetadataNamesTheApplicationsIssuerAsTheAuthorizationServer() {
        runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://login.example/realm")
                .run(context -> {
                    int port = context.getBean(BulwarkHttpLifecycle.class).port();
                    HttpResponse<String> metadata = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                                    + "/.well-known/oauth-protected-resource/mcp"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    assertThat(metadata.statusCode()).isEqualTo(200);
                    assertThat(metadata.body()).contains("\"authorization_servers\":[\"https://login.example/realm\"]");
                });
    }

    @Test
    void withoutSpringSecurityBeansBulwarksOwnCredentialsApply() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withPropertyValues("bulwark.http.port=0", "bulwark.http.management-port=0")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(dev.bulwark.http.auth.BearerTokenVerifier.class);
                    int port = context.getBean(BulwarkHttpLifecycle.class).port();
                    // loopback, no credential configured: authentication stays off, as without the starter's bridge
                    assertThat(call(port, "who_am_i", null).statusCode()).isNotIn(401, 403);
                });
    }

    @Test
    void aJwtSettingBesideTheJwtDecoderStopsTheStartNamingIt() {
        runner.withPropertyValues(
                        "bulwark.auth.jwt-secret=0123456789abcdef0123456789abcdef",
                        "bulwark.auth.issuer=https://issuer.example",
                        "bulwark.auth.resource-url=https://mcp.example/mcp")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("auth.jwt-secret and auth.jwks-url must be unset"));
    }

    static HttpResponse<String> call(int port, String tool, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":{}}}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String token(RSAKey key, String subject, String scope) throws JOSEException {
        return token(key, subject, scope, RESOURCE);
    }

    static String token(RSAKey key, String subject, String scope, String audience) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("scope", scope)
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        if (audience != null) {
            claims.audience(audience);
        }
        return sign(key, claims.build());
    }

    static String expiredToken() throws JOSEException {
        return sign(
                SIGNING,
                new JWTClaimsSet.Builder()
                        .subject("late")
                        .claim("scope", "orders:write")
                        .audience(RESOURCE)
                        .expirationTime(Date.from(Instant.now().minusSeconds(3600)))
                        .build());
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("k-" + System.nanoTime()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
