package dev.bulwark.tools.presentation.openapi;

import static dev.bulwark.outbound.FakeService.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.outbound.CapturedLogs;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.SchemeCredentials;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.ToolTester;
import dev.bulwark.tools.OpenApiTools;
import dev.bulwark.tools.business.openapi.OpenApiDocumentException;
import dev.bulwark.tools.business.openapi.OpenApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAPI operation tools of a service that holds a credential per security scheme, through the real pipeline and
 * outbound client against a real upstream: each operation sends what its {@code security} requirement (or the
 * document's) names and nothing else, a requirement the service cannot meet stops the start naming the operation and
 * the scheme, and no credential reaches a caller or a log.
 */
class OpenApiSecuritySchemesTest {

    private static final String READ = "services:secured:read";
    private static final String WRITE = "services:secured:write";
    private static final String SERVICE_KEY = "service-wide-key-1001";
    private static final String API_KEY = "api-key-secret-1002";
    private static final String QUERY_KEY = "query-key-secret-1003";
    private static final String COOKIE_KEY = "cookie-key-secret-1004";
    private static final String BEARER = "bearer-secret-1005";
    private static final String PASSWORD = "basic-password-1006";
    private static final String CLIENT_SECRET = "client-secret-1007";
    private static final String TOKEN = "access-token-1008";
    private static final List<String> SECRETS =
            List.of(SERVICE_KEY, API_KEY, QUERY_KEY, COOKIE_KEY, BEARER, PASSWORD, CLIENT_SECRET, TOKEN);

    private final FakeService upstream = FakeService.start();
    private OutboundServices services;
    private ToolTester tester;

    @TempDir
    Path temp;

    @AfterEach
    void stop() {
        if (tester != null) {
            tester.close();
        }
        if (services != null) {
            services.close();
        }
        upstream.close();
    }

    private static String document() {
        try (InputStream in = OpenApiSecuritySchemesTest.class.getResourceAsStream("/openapi/secured.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceSettings.Builder everyScheme(ServiceSettings.Builder builder) {
        return builder.security("api_key", SchemeCredentials.of(API_KEY))
                .security("query_key", SchemeCredentials.of(QUERY_KEY))
                .security("cookie_key", SchemeCredentials.of(COOKIE_KEY))
                .security("bearer_auth", SchemeCredentials.of(BEARER))
                .security("basic_auth", SchemeCredentials.basic("alice", PASSWORD))
                .security("oauth", SchemeCredentials.clientCredentials("the-client", CLIENT_SECRET));
    }

    private OpenApiTools.Builder tools(UnaryOperator<ServiceSettings.Builder> security, String... operations) {
        services = OutboundServices.builder()
                .service(security.apply(ServiceSettings.builder("secured")
                                .baseUrl(upstream.baseUrl())
                                .methods(EnumSet.of(HttpMethod.GET, HttpMethod.DELETE, HttpMethod.POST))
                                .retries(0)
                                .credential(Optional.of(SERVICE_KEY))
                                .openapi("file:secured.yaml")
                                .openapiOperations(List.of(operations)))
                        .build())
                .build();
        try {
            return OpenApiTools.builder(services, "secured")
                    .documentFile(Files.writeString(temp.resolve("secured.yaml"), document()))
                    .operations(operations);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ToolTester serve(OpenApiTools.Builder tools) {
        tester = ToolTester.of(
                Bulwark.builder(BulwarkConfig.defaults()).pack(tools.build()).build());
        return tester;
    }

    private FakeService.Recorded last() {
        List<FakeService.Recorded> requests = upstream.requests();
        return requests.get(requests.size() - 1);
    }

    private static String token(String value) {
        return "{\"access_token\":\"" + value + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    }

    @Test
    void eachOperationSendsWhatItsRequirementNames() {
        upstream.on("GET pets", json(200, "[]"));
        upstream.on("GET pets/p1", json(200, "{}"));
        upstream.on("GET status", json(200, "{}"));
        upstream.on("GET search", json(200, "{}"));
        upstream.on("GET admin", json(200, "{}"));
        upstream.on("GET session", json(200, "{}"));
        ToolTester caller = serve(tools(
                        OpenApiSecuritySchemesTest::everyScheme,
                        "listPets",
                        "getPet",
                        "status",
                        "search",
                        "admin",
                        "session"))
                .caller("agent", READ);

        assertThat(caller.call("secured_listPets", Map.of("limit", 2)).success())
                .isTrue();
        assertThat(last().headers()).containsEntry("X-API-Key", API_KEY).doesNotContainKey("Authorization");

        assertThat(caller.call("secured_getPet", Map.of("id", "p1")).success()).isTrue();
        assertThat(last().headers())
                .as("the document's requirement")
                .containsEntry("Authorization", "Bearer " + BEARER);

        assertThat(caller.call("secured_status", Map.of()).success()).isTrue();
        assertThat(last().headers().values())
                .as("security: [] sends nothing, not even the service's own credential")
                .noneMatch(value -> SECRETS.stream().anyMatch(value::contains));

        assertThat(caller.call("secured_search", Map.of("q", "rex")).success()).isTrue();
        assertThat(last().query()).isEqualTo("q=rex&key=" + QUERY_KEY);

        assertThat(caller.call("secured_admin", Map.of()).success()).isTrue();
        assertThat(last().headers())
                .containsEntry(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));

        assertThat(caller.call("secured_session", Map.of()).success()).isTrue();
        assertThat(last().headers()).containsEntry("Cookie", "sid=" + COOKIE_KEY);
    }

    @Test
    void aParameterASchemeCarriesIsNoArgumentACallerCanGive() {
        upstream.on("GET pets", json(200, "[]"));
        upstream.on("GET search", json(200, "{}"));
        ToolTester caller = serve(tools(OpenApiSecuritySchemesTest::everyScheme, "listPets", "search"))
                .caller("agent", READ);

        CallOutcome<Object> header = caller.call("secured_listPets", Map.of("X-API-Key", "mine"));
        CallOutcome<Object> query = caller.call("secured_search", Map.of("key", "mine"));

        assertThat(header.success()).isFalse();
        assertThat(header.errorType()).isEqualTo("invalid_arguments");
        assertThat(query.success()).isFalse();
        assertThat(query.errorType()).isEqualTo("invalid_arguments");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void theFirstAlternativeTheServiceHoldsIsSentWithAnOAuthTokenFetchedOnce() {
        upstream.on("POST oauth/token", json(200, token(TOKEN)));
        upstream.on("GET pets", json(200, "[]"));
        upstream.on("DELETE pets/p1", json(204, ""));
        ToolTester caller = serve(tools(
                        builder -> builder.security(
                                "oauth", SchemeCredentials.clientCredentials("the-client", CLIENT_SECRET)),
                        "listPets",
                        "deletePet"))
                .caller("agent", READ, WRITE);

        assertThat(caller.call("secured_listPets", Map.of()).success()).isTrue();
        assertThat(last().headers())
                .containsEntry("Authorization", "Bearer " + TOKEN)
                .doesNotContainKey("X-API-Key");
        assertThat(caller.call("secured_deletePet", Map.of("id", "p1")).success())
                .isTrue();

        assertThat(upstream.hits("POST oauth/token"))
                .as("one token per set of scopes")
                .isEqualTo(2);
        assertThat(upstream.requests().stream()
                        .filter(request -> request.path().endsWith("oauth/token"))
                        .map(FakeService.Recorded::body))
                .containsExactly(
                        "grant_type=client_credentials&scope=pets%3Aread",
                        "grant_type=client_credentials&scope=pets%3Awrite");
        assertThat(last().headers()).containsEntry("Authorization", "Bearer " + TOKEN);
    }

    @Test
    void aFailedTokenFetchIsTheServiceBeingUnavailable() {
        upstream.on("POST oauth/token", json(401, "{\"error\":\"invalid_client\"}"));
        ToolTester caller = serve(tools(
                        builder -> builder.security(
                                "oauth", SchemeCredentials.clientCredentials("the-client", CLIENT_SECRET)),
                        "listPets"))
                .caller("agent", READ);

        CallOutcome<Object> outcome = caller.call("secured_listPets", Map.of());

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.errorType()).isEqualTo("service_unavailable");
        assertThat(outcome.text()).contains("nothing was sent").doesNotContain(CLIENT_SECRET);
        assertThat(upstream.hits("GET pets")).isZero();
    }

    @Test
    void aRequirementTheServiceCannotMeetStopsTheStartNamingTheOperationAndTheScheme() {
        OpenApiTools tools = tools(
                        builder -> builder.security("api_kye", SchemeCredentials.of(API_KEY))
                                .security("openid", SchemeCredentials.of(BEARER)),
                        "getPet",
                        "search",
                        "status")
                .build();

        List<OpenApiProblem> problems = tools.fileProblems(Clock.systemUTC());

        assertThat(problems)
                .extracting(problem -> problem.configKey() + ": " + problem.configReason())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("services.secured.security: names the security scheme 'api_kye', which the"
                                + " document does not declare")
                        .endsWith("did you mean api_key?"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("services.secured.security: names the security scheme 'openid'")
                        .contains("OpenID Connect"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("services.secured.security: operation getPet requires a credential the service"
                                + " does not hold")
                        .contains("services.secured.security.bearer_auth.credential")
                        .contains("API_KEY_SECURED_BEARER_AUTH")
                        .endsWith("or leave the operation out of services.secured.openapi-operations"))
                .anySatisfy(line -> assertThat(line)
                        .contains("operation search")
                        .contains("services.secured.security.query_key.credential"))
                .noneSatisfy(line -> assertThat(line).contains("operation status"));
        assertThat(problems.toString()).doesNotContain(API_KEY).doesNotContain(BEARER);
    }

    @Test
    void aHeldSchemeThatCannotBeSentIsAProblemNotAFallBack() {
        OpenApiTools tools = tools(
                        builder -> builder.security("api_key", SchemeCredentials.basic("alice", API_KEY)), "listPets")
                .build();

        assertThatThrownBy(() -> serve(OpenApiTools.builder(services, "secured")
                        .documentFile(temp.resolve("secured.yaml"))
                        .operations("listPets")))
                .isInstanceOf(OpenApiDocumentException.class)
                .hasMessageContaining("operation listPets cannot be sent")
                .hasMessageContaining("services.secured.security.api_key.username is for HTTP basic schemes only");
        assertThat(tools.fileProblems(Clock.systemUTC())).hasSize(1);
    }

    @Test
    void noCredentialOrTokenReachesACallerOrALog() {
        upstream.on("POST oauth/token", json(200, token(TOKEN)));
        FakeService.Behaviour echo = FakeService.echoes().get("json");
        upstream.on("GET pets", echo);
        upstream.on("GET pets/p1", echo);
        upstream.on("GET search", echo);
        upstream.on("GET admin", echo);
        upstream.on("GET session", echo);
        try (CapturedLogs logs = CapturedLogs.start()) {
            ToolTester caller = serve(tools(
                            builder -> everyScheme(builder).security("api_key", SchemeCredentials.of(API_KEY)),
                            "listPets",
                            "getPet",
                            "search",
                            "admin",
                            "session"))
                    .caller("agent", READ);
            StringBuilder seen = new StringBuilder();
            for (Map.Entry<String, Map<String, Object>> call : Map.of(
                            "secured_listPets", Map.<String, Object>of(),
                            "secured_getPet", Map.<String, Object>of("id", "p1"),
                            "secured_search", Map.<String, Object>of(),
                            "secured_admin", Map.<String, Object>of(),
                            "secured_session", Map.<String, Object>of())
                    .entrySet()) {
                CallOutcome<Object> outcome = caller.call(call.getKey(), call.getValue());
                assertThat(outcome.success()).as(outcome.text()).isTrue();
                seen.append(outcome.text()).append(outcome.structured());
            }
            assertThat(seen.toString()).contains("[REDACTED]");
            seen.append(String.join("\n", logs.lines()));
            SECRETS.forEach(secret -> assertThat(seen.toString()).doesNotContain(secret));
        }
    }
}
