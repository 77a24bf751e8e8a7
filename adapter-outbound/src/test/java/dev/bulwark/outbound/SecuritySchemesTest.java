package dev.bulwark.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.outbound.CredentialUse;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceFailure;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A service that holds a credential per security scheme sends, on a request that names schemes, exactly those
 * schemes' credentials where each scheme puts them, fetching OAuth 2.0 tokens on a controllable clock; it never
 * takes them from a caller and never hands them back in an answer, an error or a log line.
 */
class SecuritySchemesTest {

    private static final String SERVICE_KEY = "service-wide-key-0001";
    private static final String API_KEY = "api-key-secret-0002";
    private static final String BEARER = "bearer-secret-0003";
    private static final String PASSWORD = "basic-password-0004";
    private static final String CLIENT_SECRET = "client-secret-0005";
    private static final List<String> SECRETS = List.of(SERVICE_KEY, API_KEY, BEARER, PASSWORD, CLIENT_SECRET);

    private final FakeService upstream = FakeService.start();
    private final AtomicLong now = new AtomicLong();
    private OutboundServices services;

    @AfterEach
    void stop() {
        if (services != null) {
            services.close();
        }
        upstream.close();
    }

    private void register(UnaryOperator<ServiceSettings.Builder> more) {
        services = OutboundServices.builder()
                .ticker(now::get)
                .service(more.apply(ServiceSettings.builder("pets")
                                .baseUrl(upstream.baseUrl())
                                .retries(0)
                                .openapi("file:pets.yaml")
                                .openapiOperations(List.of("*"))
                                .credential(Optional.of(SERVICE_KEY))
                                .security("header_key", SchemeCredentials.of(API_KEY))
                                .security("query_key", SchemeCredentials.of(API_KEY))
                                .security("cookie_key", SchemeCredentials.of(API_KEY))
                                .security("bearer", SchemeCredentials.of(BEARER))
                                .security("basic", SchemeCredentials.basic("alice", PASSWORD))
                                .security("oauth", SchemeCredentials.clientCredentials("the-client", CLIENT_SECRET)))
                        .build())
                .build();
    }

    private void registerAll() {
        register(builder -> builder);
    }

    private ServiceResponse get(String path, CredentialUse... uses) {
        return services.send(ServiceRequest.of("pets", HttpMethod.GET, path).withCredentials(List.of(uses)));
    }

    private FakeService.Recorded last() {
        List<FakeService.Recorded> requests = upstream.requests();
        return requests.get(requests.size() - 1);
    }

    private static String token(String value, long expiresIn) {
        return "{\"access_token\":\"" + value + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}";
    }

    @Test
    void anApiKeyGoesInTheHeaderQueryOrCookieItsSchemeNames() {
        upstream.on("GET pets", FakeService.json(200, "{}"));
        registerAll();

        get("pets", CredentialUse.apiKeyHeader("header_key", "X-API-Key"));
        assertThat(last().headers()).containsEntry("X-API-Key", API_KEY).doesNotContainKey("Authorization");

        services.send(ServiceRequest.of("pets", HttpMethod.GET, "pets")
                .withQuery(Map.of("limit", "5"))
                .withCredentials(List.of(CredentialUse.apiKeyQuery("query_key", "api key"))));
        assertThat(last().query()).isEqualTo("limit=5&api%20key=" + API_KEY);
        assertThat(last().headers()).doesNotContainKey("Authorization");

        get("pets", CredentialUse.apiKeyCookie("cookie_key", "session"));
        assertThat(last().headers()).containsEntry("Cookie", "session=" + API_KEY);
    }

    @Test
    void bearerAndBasicGoInAuthorization() {
        upstream.on("GET pets", FakeService.json(200, "{}"));
        registerAll();

        get("pets", CredentialUse.bearer("bearer"));
        assertThat(last().headers()).containsEntry("Authorization", "Bearer " + BEARER);

        get("pets", CredentialUse.basic("basic"));
        assertThat(last().headers())
                .containsEntry(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void schemesOfOneRequirementAreSentTogether() {
        upstream.on("GET pets", FakeService.json(200, "{}"));
        registerAll();

        get("pets", CredentialUse.apiKeyHeader("header_key", "X-API-Key"), CredentialUse.bearer("bearer"));

        assertThat(last().headers())
                .containsEntry("X-API-Key", API_KEY)
                .containsEntry("Authorization", "Bearer " + BEARER);
    }

    @Test
    void noSchemeMeansNoCredentialAndNoneNamedMeansTheServiceOwn() {
        upstream.on("GET pets", FakeService.json(200, "{}"));
        registerAll();

        get("pets");
        assertThat(last().headers().values())
                .noneMatch(value -> SECRETS.stream().anyMatch(value::contains));
        assertThat(last().query()).isNull();

        services.send(ServiceRequest.of("pets", HttpMethod.GET, "pets"));
        assertThat(last().headers()).containsEntry("Authorization", "Bearer " + SERVICE_KEY);
    }

    @Test
    void aCallerNeverSetsOrOverridesWhatASchemeUses() {
        upstream.on("GET pets", FakeService.json(200, "{}"));
        registerAll();

        assertThatThrownBy(() -> services.send(ServiceRequest.of("pets", HttpMethod.GET, "pets")
                        .withHeaders(Map.of("x-api-key", "mine"))
                        .withCredentials(List.of(CredentialUse.apiKeyHeader("header_key", "X-API-Key")))))
                .isInstanceOfSatisfying(
                        ServiceCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(ServiceFailure.HEADER_REFUSED));
        assertThatThrownBy(() -> services.send(ServiceRequest.of("pets", HttpMethod.GET, "pets")
                        .withQuery(Map.of("key", "mine"))
                        .withCredentials(List.of(CredentialUse.apiKeyQuery("query_key", "key")))))
                .isInstanceOfSatisfying(
                        ServiceCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(ServiceFailure.PATH_REFUSED));
        assertThatThrownBy(() -> services.send(ServiceRequest.of("pets", HttpMethod.GET, "pets")
                        .withHeaders(Map.of("Authorization", "Bearer mine"))
                        .withCredentials(List.of(CredentialUse.bearer("bearer")))))
                .isInstanceOfSatisfying(
                        ServiceCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(ServiceFailure.HEADER_REFUSED));
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aSchemeTheServiceHoldsNothingForSendsNothing() {
        upstream.on("GET pets", FakeService.json(200, "{}"));
        registerAll();

        assertThatThrownBy(() -> get("pets", CredentialUse.bearer("unknown")))
                .isInstanceOfSatisfying(
                        ServiceCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(ServiceFailure.CREDENTIAL_UNAVAILABLE));
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void anOAuthTokenIsFetchedCachedAndFetchedAgainShortlyBeforeItExpires() {
        upstream.on(
                "POST oauth/token",
                FakeService.json(200, token("tok-1", 3600)),
                FakeService.json(200, token("tok-2", 3600)));
        upstream.on("GET pets", FakeService.json(200, "{}"));
        registerAll();
        CredentialUse oauth =
                CredentialUse.clientCredentials("oauth", "oauth/token", List.of("pets:read", "pets:write"));

        get("pets", oauth);
        get("pets", oauth);

        assertThat(upstream.hits("POST oauth/token")).isEqualTo(1);
        FakeService.Recorded fetch = upstream.requests().get(0);
        assertThat(fetch.headers())
                .containsEntry(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                ("the-client:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
                .containsEntry("Content-Type", "application/x-www-form-urlencoded");
        assertThat(URLDecoder.decode(fetch.body(), StandardCharsets.UTF_8))
                .isEqualTo("grant_type=client_credentials&scope=pets:read pets:write");
        assertThat(last().headers()).containsEntry("Authorization", "Bearer tok-1");

        now.addAndGet(Duration.ofSeconds(3569).toNanos());
        get("pets", oauth);
        assertThat(upstream.hits("POST oauth/token"))
                .as("still fresh 31 s before it expires")
                .isEqualTo(1);

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        get("pets", oauth);
        assertThat(upstream.hits("POST oauth/token"))
                .as("fetched again 29 s before it expires")
                .isEqualTo(2);
        assertThat(last().headers()).containsEntry("Authorization", "Bearer tok-2");
    }

    @Test
    void aTokenTheServiceRefusesIsFetchedAgainOnTheNextCall() {
        upstream.on(
                "POST oauth/token",
                FakeService.json(200, token("tok-1", 3600)),
                FakeService.json(200, token("tok-2", 3600)));
        upstream.on("GET pets", FakeService.json(401, "{}"), FakeService.json(200, "{}"));
        registerAll();
        CredentialUse oauth = CredentialUse.clientCredentials("oauth", "oauth/token", List.of());

        assertThat(get("pets", oauth).status()).isEqualTo(401);
        assertThat(get("pets", oauth).status()).isEqualTo(200);

        assertThat(upstream.hits("POST oauth/token")).isEqualTo(2);
        assertThat(last().headers()).containsEntry("Authorization", "Bearer tok-2");
        assertThat(URLDecoder.decode(upstream.requests().get(0).body(), StandardCharsets.UTF_8))
                .isEqualTo("grant_type=client_credentials");
    }

    @Test
    void aFailedTokenFetchIsTheServiceBeingUnavailableAndLeaksNoSecret() {
        upstream.on(
                "POST oauth/token",
                FakeService.json(500, "{\"error\":\"" + CLIENT_SECRET + "\"}"),
                FakeService.json(200, "{\"access_token\":\"tok-1\",\"token_type\":\"mac\"}"),
                FakeService.text(200, "text/html", "<html>" + CLIENT_SECRET + "</html>"));
        upstream.on("GET pets", FakeService.json(200, "{}"));
        registerAll();
        CredentialUse oauth = CredentialUse.clientCredentials("oauth", "oauth/token", List.of());

        try (CapturedLogs logs = CapturedLogs.start()) {
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> get("pets", oauth)).isInstanceOfSatisfying(ServiceCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ServiceFailure.CREDENTIAL_UNAVAILABLE);
                    assertThat(e.mayHaveReachedService()).isFalse();
                    messages.add(e.getMessage());
                });
            }
            assertThat(messages)
                    .anyMatch(message -> message.contains("answered 500"))
                    .anyMatch(message -> message.contains("not a bearer token"))
                    .anyMatch(message -> message.contains("not JSON"));
            String seen = String.join("\n", messages) + String.join("\n", logs.lines());
            SECRETS.forEach(secret -> assertThat(seen).doesNotContain(secret));
            assertThat(seen).doesNotContain("127.0.0.1");
        }
        assertThat(upstream.hits("GET pets")).isZero();
    }

    @Test
    void aTokenUrlOutsideTheBaseUrlIsNeverSentTheSecretUnlessConfigured() {
        upstream.on("GET pets", FakeService.json(200, "{}"));
        String outside = upstream.origin() + "/auth/token";
        upstream.on("POST /auth/token", FakeService.json(200, token("tok-9", 60)));
        registerAll();
        CredentialUse oauth = CredentialUse.clientCredentials("oauth", outside, List.of());

        assertThat(services.credentialRefusal("pets", oauth))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("not under the service's base URL")
                        .contains("services.pets.security.oauth.token-url"));
        assertThatThrownBy(() -> get("pets", oauth)).isInstanceOf(ServiceCallException.class);
        assertThat(upstream.requests()).isEmpty();

        services.close();
        register(builder -> builder.securityTokenUrl("oauth", outside));
        assertThat(services.credentialRefusal("pets", oauth)).isEmpty();
        get("pets", oauth);
        assertThat(last().headers()).containsEntry("Authorization", "Bearer tok-9");
    }

    @Test
    void noCredentialOrTokenComesBackInAnAnswer() {
        upstream.on("POST oauth/token", FakeService.json(200, token("fetched-token-0006", 3600)));
        upstream.on("GET echo", FakeService.echoes().get("json"));
        registerAll();

        List<CredentialUse> every = List.of(
                CredentialUse.apiKeyHeader("header_key", "X-API-Key"),
                CredentialUse.apiKeyQuery("query_key", "key"),
                CredentialUse.apiKeyCookie("cookie_key", "session"),
                CredentialUse.basic("basic"),
                CredentialUse.clientCredentials("oauth", "oauth/token", List.of()));
        for (List<CredentialUse> uses :
                List.of(every.subList(0, 4), every.subList(4, 5), List.of(CredentialUse.bearer("bearer")))) {
            ServiceResponse answer = services.send(
                    ServiceRequest.of("pets", HttpMethod.GET, "echo").withCredentials(uses));
            String seen = answer.bodyText() + answer.headers();
            assertThat(seen).contains(ServiceResponse.REDACTED);
            SECRETS.forEach(secret -> assertThat(seen).doesNotContain(secret));
            assertThat(seen).doesNotContain("fetched-token-0006").doesNotContain("YWxpY2U6");
        }
    }

    @Test
    void theSchemesAreCheckedAtStartAndNamedByTheirKeys() {
        assertThatThrownBy(() -> ServiceSettings.builder("pets")
                        .baseUrl(upstream.baseUrl())
                        .openapi("file:pets.yaml")
                        .openapiOperations(List.of("*"))
                        .securityClientId("oauth", "the-client")
                        .build())
                .hasMessageContaining("services.pets.security.oauth.credential")
                .hasMessageContaining("API_KEY_PETS_OAUTH");
        assertThatThrownBy(() -> ServiceSettings.builder("pets")
                        .baseUrl(upstream.baseUrl())
                        .openapi("file:pets.yaml")
                        .openapiOperations(List.of("*"))
                        .securityCredential("oauth", CLIENT_SECRET)
                        .securityTokenUrl("oauth", "https://user:pw@auth.example/token")
                        .build())
                .hasMessageContaining("services.pets.security.oauth.token-url")
                .hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> ServiceSettings.builder("pets")
                        .baseUrl(upstream.baseUrl())
                        .security("bearer", SchemeCredentials.of(BEARER))
                        .build())
                .hasMessageContaining("services.pets.security")
                .hasMessageContaining("openapi");
        ServiceSettings options = ServiceSettings.builder("pets")
                .baseUrl(upstream.baseUrl())
                .openapi("file:pets.yaml")
                .openapiOperations(List.of("*"))
                .security("basic", SchemeCredentials.of(PASSWORD))
                .security("key", SchemeCredentials.basic("alice", API_KEY))
                .build();
        assertThat(options.credentialRefusal(CredentialUse.basic("basic")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("services.pets.security.basic.username"));
        assertThat(options.credentialRefusal(CredentialUse.apiKeyHeader("key", "X-Key")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("HTTP basic schemes only"));
        assertThat(options.credentialRefusal(CredentialUse.bearer("missing")))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("services.pets.security.missing.credential")
                        .contains("API_KEY_PETS_MISSING"));
        assertThat(options.credentialRefusal(CredentialUse.basic("key"))).isEmpty();
        assertThat(options.toString())
                .doesNotContain(PASSWORD)
                .doesNotContain(API_KEY)
                .contains("basic");
        assertThat(options.descriptor().securitySchemes()).containsExactlyInAnyOrder("basic", "key");
    }
}
