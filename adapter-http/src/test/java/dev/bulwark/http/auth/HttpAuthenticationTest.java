package dev.bulwark.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.bulwark.http.HttpHarness;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.McpHttpServer;
import dev.bulwark.ports.security.AddressRange;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** HTTP authentication end to end: a real Jetty, real tokens and keys, the SDK client and raw HTTP. */
class HttpAuthenticationTest {

    private static final String RESOURCE = "https://mcp.test/mcp";
    private static final String API_KEY = ApiKeys.newKey();
    private static final JwksServer JWKS = new JwksServer(List.of(Tokens.RSA, Tokens.EC));

    private HttpHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static AuthSettings.Builder settings() {
        return AuthSettings.builder()
                .jwtSecret(Optional.of(Tokens.HS_SECRET))
                .jwksUrl(Optional.of(JWKS.url().toString()))
                .issuer(Optional.of(Tokens.ISSUER))
                .resourceUrl(Optional.of(RESOURCE))
                .authorizationServers(List.of(Tokens.ISSUER))
                .clockSkew(Duration.ofSeconds(30));
    }

    private static HttpAuthSettings.Builder auth() {
        return auth(settings().build());
    }

    private static HttpAuthSettings.Builder auth(AuthSettings settings) {
        return HttpAuthSettings.builder()
                .settings(settings)
                .apiKeys(new ApiKeys(List.of(new ApiKey("ci-bot", Set.of("tools:read"), ApiKeys.hashOf(API_KEY)))))
                .scopesSupported(List.of("tools:read", "echo:use"))
                .toolScopes(name -> "echo".equals(name) ? Optional.of(Set.of("echo:use")) : Optional.empty());
    }

    private HttpHarness start(HttpAuthSettings settings) {
        harness = HttpHarness.withAuth(HttpMode.STATEFUL, 0, settings);
        return harness;
    }

    private HttpHarness start(int maxSessionsPerCaller, HttpAuthSettings settings) {
        harness = HttpHarness.withAuth(
                http -> http.toBuilder()
                        .maxSessionsPerCaller(maxSessionsPerCaller)
                        .build(),
                settings);
        return harness;
    }

    private static String token(String scope) {
        return Tokens.hs256(Tokens.claims(RESOURCE, scope).build());
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private McpSyncClient client(String token) {
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + harness.server.port())
                .endpoint(McpHttpServer.MCP_PATH)
                .jsonMapper(new JacksonMcpJsonMapper(HttpHarness.JSON))
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport).requestTimeout(HttpHarness.PATIENCE).build();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void sdkClientWithAValidHs256TokenCallsToolsAsTheTokensSubject() {
        start(auth().build());
        McpSyncClient client = client(token("tools:read echo:use"));
        client.initialize();

        assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("echo", "whoami");
        assertThat(text(client.callTool(
                        McpSchema.CallToolRequest.builder("whoami").build())))
                .startsWith("alice ");
        assertThat(text(client.callTool(
                        McpSchema.CallToolRequest.builder("echo").build())))
                .isEqualTo("echo");
        client.closeGracefully();
    }

    @Test
    void sdkClientWithAValidRs256TokenFromTheJwksCallsTools() {
        start(auth().build());
        McpSyncClient client = client(
                Tokens.rs256(Tokens.RSA, Tokens.claims(RESOURCE, "tools:read").build()));
        client.initialize();

        assertThat(text(client.callTool(
                        McpSchema.CallToolRequest.builder("whoami").build())))
                .startsWith("alice ");
        client.closeGracefully();
    }

    @Test
    void aRequestWithoutCredentialsGets401WithAChallengeNamingTheMetadataAndCreatesNoSession() {
        start(auth().build());

        HttpResponse<String> response = harness.post(HttpHarness.INITIALIZE, Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer resource_metadata=\"https://mcp.test/.well-known/oauth-protected-resource/mcp\"");
        assertThat(HttpHarness.message(response).path("error").path("message").asText())
                .contains("Unauthorized");
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(harness.server.sessionCount()).isZero();
    }

    @Test
    void anEmptyBearerIsAMissingCredentialNotAMalformedOne() {
        start(auth().build());

        String answer = harness.raw("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \r\n"
                + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Content-Length: " + HttpHarness.INITIALIZE.length() + "\r\nConnection: close\r\n\r\n"
                + HttpHarness.INITIALIZE);

        assertThat(answer).startsWith("HTTP/1.1 401").contains("resource_metadata=");
    }

    static Stream<Arguments> refusedTokens() {
        JWTClaimsSet valid = Tokens.claims(RESOURCE, "tools:read").build();
        return Stream.of(
                Arguments.of(
                        "expired",
                        Tokens.hs256(Tokens.with(
                                Tokens.claims(RESOURCE, "tools:read"),
                                b -> b.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(10))))))),
                Arguments.of(
                        "wrong audience",
                        Tokens.hs256(
                                Tokens.claims("https://other.test/mcp", "x").build())),
                Arguments.of(
                        "wrong issuer",
                        Tokens.hs256(Tokens.with(Tokens.claims(RESOURCE, "x"), b -> b.issuer("https://evil.test")))),
                Arguments.of("unknown key", Tokens.rs256(Tokens.OTHER_RSA, valid)),
                Arguments.of("alg none", Tokens.unsigned(valid)),
                Arguments.of("HS/RS confusion", Tokens.hs256WithRsaPublicKey(valid)),
                Arguments.of("unknown API key", ApiKeys.newKey()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void aRefusedCredentialGets401InvalidToken(String kind, String token) {
        start(auth().build());

        HttpResponse<String> response = harness.post(HttpHarness.INITIALIZE, bearer(token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge)
                        .startsWith("Bearer error=\"invalid_token\"")
                        .contains("resource_metadata=\""));
        assertThat(response.body())
                .doesNotContain(token)
                .doesNotContain("Exception")
                .doesNotContain("at dev.");
        assertThat(harness.server.sessionCount()).isZero();
    }

    static Stream<Arguments> refusedAuthentications() {
        String expired = Tokens.hs256(Tokens.with(
                Tokens.claims(RESOURCE, "tools:read"),
                b -> b.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(10))))));
        String badSignature = Tokens.rs256(
                Tokens.OTHER_RSA, Tokens.claims(RESOURCE, "tools:read").build());
        String unknownKey = ApiKeys.newKey();
        return Stream.of(
                Arguments.of("no credential", Map.of(), "missing", ""),
                Arguments.of("unknown API key", Map.of("X-API-Key", unknownKey), "rejected", unknownKey),
                Arguments.of("expired JWT", bearer(expired), "rejected", expired),
                Arguments.of("JWT signed by an unknown key", bearer(badSignature), "rejected", badSignature));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAuthentications")
    void everyRefusedAuthenticationLeavesExactlyOneAuditLineWithoutTheCredential(
            String kind, Map<String, String> headers, String outcome, String credential) {
        start(auth().build());
        try (AuditCapture audit = new AuditCapture()) {
            assertThat(harness.post(HttpHarness.INITIALIZE, headers).statusCode())
                    .isEqualTo(401);

            assertThat(audit.lines()).singleElement().satisfies(line -> {
                assertThat(line)
                        .contains(
                                "HTTP authentication refused",
                                "event=authentication",
                                "outcome=" + outcome,
                                "client=127.0.0.1");
                if (!credential.isEmpty()) {
                    assertThat(line).doesNotContain(credential);
                }
            });
        }
    }

    @Test
    void anApiKeyInTheXApiKeyHeaderIsAccepted() {
        start(auth().build());

        HttpResponse<String> response = harness.post(HttpHarness.INITIALIZE, Map.of("X-API-Key", API_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void twoApiKeyHeadersAreRefusedWith400NotServedAsTheFirst() {
        start(auth().build());

        HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.mcpUri())
                .header("Content-Type", "application/json")
                .header("Accept", HttpHarness.ACCEPT_BOTH)
                .header("X-API-Key", API_KEY)
                .header("X-API-Key", "another")
                .POST(HttpRequest.BodyPublishers.ofString(HttpHarness.INITIALIZE))
                .build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("more than once");
    }

    @Test
    void twoAuthorizationHeadersAreRefusedWith400() {
        start(auth().build());

        HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.mcpUri())
                .header("Content-Type", "application/json")
                .header("Accept", HttpHarness.ACCEPT_BOTH)
                .header("Authorization", "Bearer " + API_KEY)
                .header("Authorization", "Bearer another")
                .POST(HttpRequest.BodyPublishers.ofString(HttpHarness.INITIALIZE))
                .build());

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void anApiKeyAsABearerTokenCallsToolsAsItsSubject() {
        start(auth().build());
        McpSyncClient client = client(API_KEY);
        client.initialize();

        assertThat(text(client.callTool(
                        McpSchema.CallToolRequest.builder("whoami").build())))
                .startsWith("ci-bot ");
        client.closeGracefully();
    }

    @Test
    void aTokenInTheQueryStringIsRefusedWith400() {
        start(auth().build());
        URI withToken = URI.create(harness.mcpUri() + "?access_token=" + token("tools:read"));

        HttpResponse<String> response = harness.send(HttpRequest.newBuilder(withToken)
                .header("Content-Type", "application/json")
                .header("Accept", HttpHarness.ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(HttpHarness.INITIALIZE))
                .build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_request\""));
    }

    @Test
    void aPercentEncodedTokenNameInTheQueryStringIsRefusedToo() {
        start(auth().build());
        URI withToken = URI.create(harness.mcpUri() + "?access%5Ftoken=" + token("tools:read"));

        HttpResponse<String> response = harness.send(HttpRequest.newBuilder(withToken)
                .header("Content-Type", "application/json")
                .header("Accept", HttpHarness.ACCEPT_BOTH)
                .header("Authorization", "Bearer " + token("tools:read"))
                .POST(HttpRequest.BodyPublishers.ofString(HttpHarness.INITIALIZE))
                .build());

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void aCallWithoutTheToolsScopeGets403InsufficientScopeNamingIt() {
        start(auth().build());
        Map<String, String> headers = bearer(token("tools:read"));
        String session = initialize(headers);

        HttpResponse<String> response = harness.callTool(session, "echo", headers);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge)
                        .startsWith("Bearer error=\"insufficient_scope\", scope=\"echo:use\"")
                        .contains("resource_metadata=\"https://mcp.test/.well-known/oauth-protected-resource/mcp\""));
        assertThat(HttpHarness.message(response).path("error").path("message").asText())
                .contains("echo:use");
    }

    @Test
    void aCallWhoseMethodIsWrittenWithJsonEscapesGetsTheSameChallenge() {
        start(auth().build());
        Map<String, String> headers = new java.util.HashMap<>(bearer(token("tools:read")));
        headers.put("Mcp-Session-Id", initialize(headers));
        headers.put("MCP-Protocol-Version", "2025-11-25");

        HttpResponse<String> response = harness.post(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools\\/\\u0063all\","
                        + "\"params\":{\"name\":\"echo\",\"arguments\":{}}}",
                headers);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge ->
                        assertThat(challenge).startsWith("Bearer error=\"insufficient_scope\", scope=\"echo:use\""));
    }

    @Test
    void aCallRefusedForItsScopesIsAudited() {
        start(auth().build());
        Map<String, String> headers = bearer(token("tools:read"));
        String session = initialize(headers);

        try (AuditCapture audit = new AuditCapture()) {
            harness.callTool(session, "echo", headers);

            assertThat(audit.lines())
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .contains(
                                    "call audit",
                                    "principal=alice kind=tool tool=echo",
                                    "outcome=error",
                                    "error_type=insufficient_scope"));
        }
    }

    @Test
    void aCallTheScopesAllowPassesTheScopeCheckWithItsBodyIntact() {
        start(auth().build());
        Map<String, String> headers = bearer(token("tools:read echo:use"));
        String session = initialize(headers);

        HttpResponse<String> response = harness.callTool(session, "echo", headers);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HttpHarness.toolText(response)).isEqualTo("echo");
    }

    @Test
    void theProtectedResourceMetadataDescribesTheResource() throws Exception {
        start(auth().build());

        for (String path :
                List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
            HttpResponse<String> response = harness.get(URI.create("http://127.0.0.1:" + harness.server.port() + path));
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode metadata = HttpHarness.JSON.readTree(response.body());
            assertThat(metadata.path("resource").asText()).isEqualTo(RESOURCE);
            assertThat(metadata.path("authorization_servers").get(0).asText()).isEqualTo(Tokens.ISSUER);
            assertThat(metadata.path("scopes_supported"))
                    .extracting(JsonNode::asText)
                    .containsExactly("tools:read", "echo:use");
            assertThat(metadata.path("bearer_methods_supported"))
                    .extracting(JsonNode::asText)
                    .containsExactly("header");
        }
    }

    @Test
    void anAllowedBrowserOriginMayReadTheMetadataAndAForeignOneGetsNoCorsHeaders() {
        start(auth().build());
        URI metadata =
                URI.create("http://127.0.0.1:" + harness.server.port() + "/.well-known/oauth-protected-resource/mcp");

        HttpResponse<String> local = harness.send(HttpRequest.newBuilder(metadata)
                .header("Origin", "http://localhost:6274")
                .GET()
                .build());
        HttpResponse<String> foreign = harness.send(HttpRequest.newBuilder(metadata)
                .header("Origin", "https://evil.example")
                .GET()
                .build());

        assertThat(local.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:6274");
        assertThat(foreign.statusCode()).isEqualTo(200);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void withoutAConfiguredResourceUrlTheMetadataNamesTheUrlTheClientUsed() throws Exception {
        start(HttpAuthSettings.builder()
                .apiKeys(new ApiKeys(List.of(new ApiKey("ci-bot", Set.of(), ApiKeys.hashOf(API_KEY)))))
                .build());

        HttpResponse<String> response = harness.get(
                URI.create("http://127.0.0.1:" + harness.server.port() + "/.well-known/oauth-protected-resource/mcp"));

        assertThat(HttpHarness.JSON.readTree(response.body()).path("resource").asText())
                .isEqualTo("http://127.0.0.1:" + harness.server.port() + "/mcp");
    }

    @Test
    void theMetadataIsRefusedToAHostThatIsNotAllowed() {
        start(HttpAuthSettings.builder()
                .apiKeys(new ApiKeys(List.of(new ApiKey("ci-bot", Set.of(), ApiKeys.hashOf(API_KEY)))))
                .build());

        String answer = harness.raw("GET /.well-known/oauth-protected-resource HTTP/1.1\r\nHost: evil.example.com\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer)
                .startsWith("HTTP/1.1 403")
                .contains("this Host is not allowed")
                .doesNotContain("evil");
    }

    @Test
    void aSessionIsRefusedToAnotherPrincipal() {
        start(auth().build());
        Map<String, String> alice = bearer(token("tools:read"));
        String session = initialize(alice);
        Map<String, String> bob =
                bearer(Tokens.hs256(Tokens.with(Tokens.claims(RESOURCE, "tools:read"), b -> b.subject("bob"))));

        HttpResponse<String> stolen = harness.callTool(session, "whoami", bob);
        HttpResponse<String> own = harness.callTool(session, "whoami", alice);

        assertThat(stolen.statusCode()).isEqualTo(403);
        assertThat(HttpHarness.message(stolen).path("error").path("message").asText())
                .contains("another caller");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(HttpHarness.toolText(own)).startsWith("alice ");
    }

    @Test
    void aSessionPresentedByAnotherPrincipalIsAuditedWithoutItsId() {
        start(auth().build());
        String session = initialize(bearer(token("tools:read")));
        Map<String, String> bob =
                bearer(Tokens.hs256(Tokens.with(Tokens.claims(RESOURCE, "tools:read"), b -> b.subject("bob"))));

        try (AuditCapture audit = new AuditCapture()) {
            harness.callTool(session, "whoami", bob);

            assertThat(audit.lines())
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .contains("HTTP session refused", "principal=bob", "reason=another_principal")
                            .doesNotContain(session));
        }
    }

    @Test
    void aTokenWhoseSubjectIsAnApiKeysSubjectIsRefused() {
        start(auth().build());
        Map<String, String> impostor =
                bearer(Tokens.hs256(Tokens.with(Tokens.claims(RESOURCE, "tools:read"), b -> b.subject("ci-bot"))));

        HttpResponse<String> response = harness.post(HttpHarness.INITIALIZE, impostor);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(HttpHarness.message(response).path("error").path("message").asText())
                .contains("subject is taken");
        assertThat(harness.server.sessionCount()).isZero();
    }

    @Test
    void aCallerAtItsSessionCapGets503NamingTheSettingWhileAnotherStartsOne() {
        start(2, auth().build());
        Map<String, String> alice = bearer(token("tools:read"));
        initialize(alice);
        initialize(alice);

        HttpResponse<String> third = harness.post(HttpHarness.INITIALIZE, alice);
        HttpResponse<String> bobs = harness.post(
                HttpHarness.INITIALIZE,
                bearer(Tokens.hs256(Tokens.with(Tokens.claims(RESOURCE, "tools:read"), b -> b.subject("bob")))));

        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(HttpHarness.message(third).path("error").path("message").asText())
                .contains("http.max-sessions-per-caller");
        assertThat(bobs.statusCode()).isEqualTo(200);
        assertThat(harness.server.sessionCount()).isEqualTo(3);
    }

    @Test
    void aCallerRefusedAtItsOwnCapIsNotCountedAsTheServersCap() {
        start(1, auth().build());
        Map<String, String> alice = bearer(token("tools:read"));
        initialize(alice);

        harness.post(HttpHarness.INITIALIZE, alice);

        HttpHarness.eventually(() -> {
            assertThat(harness.registry
                            .get("mcp.errors")
                            .tag("error_type", "http_caller_session_limit")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(harness.registry.get("mcp.sessions.rejected").counter().count())
                    .isZero();
        });
    }

    @Test
    void aCallersDeletedSessionMakesRoomUnderItsCap() {
        start(1, auth().build());
        Map<String, String> alice = bearer(token("tools:read"));
        String first = initialize(alice);
        HttpResponse<String> deleted = harness.send(HttpRequest.newBuilder(harness.mcpUri())
                .header("Authorization", alice.get("Authorization"))
                .header("Mcp-Session-Id", first)
                .DELETE()
                .build());
        assertThat(deleted.statusCode()).isLessThan(300);

        assertThat(harness.post(HttpHarness.INITIALIZE, alice).statusCode()).isEqualTo(200);
    }

    @Test
    void repeatedFailuresFromOneClientGet429WithRetryAfter() {
        start(auth(settings().failureLimit(2).build()).build());
        Map<String, String> wrong = Map.of("X-API-Key", ApiKeys.newKey());
        for (int i = 0; i < 2; i++) {
            assertThat(harness.post(HttpHarness.INITIALIZE, wrong).statusCode())
                    .as("failure %d is checked", i + 1)
                    .isEqualTo(401);
        }

        HttpResponse<String> response = harness.post(HttpHarness.INITIALIZE, Map.of("X-API-Key", API_KEY));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
    }

    @Test
    void aBlockedAddressSendingManyRequestsWritesOneAuditLineNotOneEach() {
        start(auth(settings().failureLimit(1).build()).build());
        harness.post(HttpHarness.INITIALIZE, Map.of("X-API-Key", ApiKeys.newKey()));
        try (AuditCapture audit = new AuditCapture()) {
            for (int i = 0; i < 20; i++) {
                assertThat(harness.post(HttpHarness.INITIALIZE, Map.of("X-API-Key", API_KEY))
                                .statusCode())
                        .isEqualTo(429);
            }

            assertThat(audit.lines())
                    .filteredOn(line -> line.contains("outcome=rate_limited"))
                    .hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void refusedMalformedRequestsDoNotCountAsFailedAuthentications() {
        // A cross-site page can make a browser send these (no Origin on an <img> GET): they must not lock the
        // visitor's address out.
        start(auth(settings().failureLimit(2).build()).build());
        URI withToken = URI.create(harness.mcpUri() + "?access_token=x");
        for (int i = 0; i < 3; i++) {
            assertThat(harness.send(HttpRequest.newBuilder(withToken)
                                    .header("Accept", "text/event-stream")
                                    .GET()
                                    .build())
                            .statusCode())
                    .isEqualTo(400);
        }

        assertThat(harness.post(HttpHarness.INITIALIZE, Map.of("X-API-Key", API_KEY))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void behindATrustedProxyEachForwardedClientIsLimitedOnItsOwn() {
        start(auth(settings()
                        .failureLimit(2)
                        .trustedProxies(List.of(AddressRange.parse("127.0.0.1")))
                        .build())
                .build());
        for (int i = 0; i < 3; i++) {
            harness.post(
                    HttpHarness.INITIALIZE,
                    Map.of("X-API-Key", ApiKeys.newKey(), ClientAddresses.FORWARDED_FOR, "198.51.100.1"));
        }

        HttpResponse<String> other = harness.post(
                HttpHarness.INITIALIZE, Map.of("X-API-Key", API_KEY, ClientAddresses.FORWARDED_FOR, "198.51.100.2"));
        HttpResponse<String> same = harness.post(
                HttpHarness.INITIALIZE, Map.of("X-API-Key", API_KEY, ClientAddresses.FORWARDED_FOR, "198.51.100.1"));

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(same.statusCode()).isEqualTo(429);
    }

    @Test
    void aClientCannotEscapeTheLimitByForgingForwardedForEntries() {
        start(auth(settings()
                        .failureLimit(2)
                        .trustedProxies(List.of(AddressRange.parse("127.0.0.1")))
                        .build())
                .build());
        for (int i = 0; i < 3; i++) {
            // The client wrote the left entry; the trusted proxy appended the address it saw.
            harness.post(
                    HttpHarness.INITIALIZE,
                    Map.of(
                            "X-API-Key",
                            ApiKeys.newKey(),
                            ClientAddresses.FORWARDED_FOR,
                            "203.0.113." + i + ", 198.51.100.1"));
        }

        HttpResponse<String> response = harness.post(
                HttpHarness.INITIALIZE,
                Map.of("X-API-Key", API_KEY, ClientAddresses.FORWARDED_FOR, "203.0.113.99, 198.51.100.1"));

        assertThat(response.statusCode()).isEqualTo(429);
    }

    @Test
    void withoutTrustedProxiesForwardedForIsIgnored() {
        start(auth(settings().failureLimit(2).build()).build());
        for (int i = 0; i < 3; i++) {
            harness.post(
                    HttpHarness.INITIALIZE,
                    Map.of("X-API-Key", ApiKeys.newKey(), ClientAddresses.FORWARDED_FOR, "198.51.100.1"));
        }

        HttpResponse<String> response = harness.post(
                HttpHarness.INITIALIZE, Map.of("X-API-Key", API_KEY, ClientAddresses.FORWARDED_FOR, "198.51.100.2"));

        assertThat(response.statusCode()).isEqualTo(429);
    }

    @Test
    void aJwksThatCannotBeFetchedGets503NotAFailedAuthentication() {
        try (DownEndpoint down = new DownEndpoint()) {
            start(HttpAuthSettings.builder()
                    .settings(AuthSettings.builder()
                            .jwksUrl(Optional.of(down.url("/jwks.json").toString()))
                            .issuer(Optional.of(Tokens.ISSUER))
                            .resourceUrl(Optional.of(RESOURCE))
                            .clockSkew(Duration.ZERO)
                            .failureLimit(1)
                            .build())
                    .build());
            Map<String, String> headers =
                    bearer(Tokens.rs256(Tokens.RSA, Tokens.claims(RESOURCE, "x").build()));

            HttpResponse<String> first = harness.post(HttpHarness.INITIALIZE, headers);
            HttpResponse<String> second = harness.post(HttpHarness.INITIALIZE, headers);

            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(second.statusCode())
                    .as("not counted as a failed attempt")
                    .isEqualTo(503);
            assertThat(first.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void statelessModeAuthenticatesEveryRequest() {
        harness = HttpHarness.withAuth(HttpMode.STATELESS, 0, auth().build());
        Map<String, String> headers = bearer(token("tools:read"));

        HttpResponse<String> anonymous = harness.callTool(null, "whoami", Map.of());
        HttpResponse<String> authenticated = harness.callTool(null, "whoami", headers);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(authenticated.statusCode()).isEqualTo(200);
        assertThat(HttpHarness.toolText(authenticated)).startsWith("alice ");
    }

    @Test
    void aBodyThatIsNotUtf8IsAParseErrorWhenScopesAreChecked() {
        harness = HttpHarness.withAuth(HttpMode.STATELESS, 0, auth().build());
        byte[] call = ("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
                        + "\"arguments\":{\"x\":\"caf\u00e9\"}}}")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        HttpResponse<String> response = harness.post(call, Map.of("X-API-Key", API_KEY));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(HttpHarness.message(response).path("error").path("code").asInt())
                .isEqualTo(-32700);
        assertThat(HttpHarness.message(response).path("error").path("message").asText())
                .startsWith("Parse error: the body is not valid UTF-8");
    }

    private String initialize(Map<String, String> headers) {
        HttpResponse<String> response = harness.post(HttpHarness.INITIALIZE, headers);
        assertThat(response.statusCode()).isEqualTo(200);
        String session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        Map<String, String> withSession = new java.util.HashMap<>(headers);
        withSession.put("Mcp-Session-Id", session);
        withSession.put("MCP-Protocol-Version", "2025-11-25");
        harness.post(HttpHarness.INITIALIZED, withSession);
        return session;
    }
}
