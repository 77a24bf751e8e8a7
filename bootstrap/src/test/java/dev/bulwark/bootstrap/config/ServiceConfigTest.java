package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static dev.bulwark.bootstrap.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.outbound.OutboundSettings;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.outbound.HttpMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file's services section, the credential from API_KEY_<NAME>, and the outbound.* keys. */
class ServiceConfigTest {

    private static final String SERVICES = """
            outbound:
              health-interval: 30s
              batch-concurrency: 8
            services:
              orders:
                base-url: https://orders.internal/api/v1
                description: The shop's orders
                criticality: required
                methods: [GET, post]
                timeout: 2s
                retries: 3
                retry-delay: 100ms
                retry-max-delay: 1s
                max-concurrent: 4
                breaker-failure-threshold: 3
                breaker-open-duration: 10s
                credential: file-secret
                write-scope: orders:write
              user-directory:
                base-url: http://users:8080
                health-path: status
                credential-header: X-Api-Key
            """;

    @TempDir
    Path dir;

    @Test
    void servicesAreReadFromTheFileWithTheirDefaults() {
        Path file = write(dir, "bulwark.yaml", SERVICES);

        LoadedConfig loaded = load(List.of("--config", file.toString()), Map.of());

        OutboundSettings outbound = loaded.config().outbound();
        assertThat(outbound.healthInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(loaded.config().apiTools().batchConcurrency()).isEqualTo(8);
        assertThat(outbound.services()).extracting(ServiceSettings::name).containsExactly("orders", "user-directory");
        ServiceSettings orders = outbound.services().get(0);
        assertThat(orders.baseUrl()).hasToString("https://orders.internal/api/v1/");
        assertThat(orders.criticality()).isEqualTo(Criticality.REQUIRED);
        assertThat(orders.methods()).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.POST);
        assertThat(orders.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(orders.retries()).isEqualTo(3);
        assertThat(orders.maxConcurrent()).isEqualTo(4);
        assertThat(orders.breakerOpenDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(orders.credential()).contains("file-secret");
        assertThat(orders.readScope()).isEqualTo("services:orders:read");
        assertThat(orders.writeScope()).isEqualTo("orders:write");
        ServiceSettings users = outbound.services().get(1);
        assertThat(users.criticality()).isEqualTo(Criticality.OPTIONAL);
        assertThat(users.methods()).isEqualTo(Set.of(HttpMethod.GET, HttpMethod.HEAD));
        assertThat(users.credential()).isEmpty();
        assertThat(users.credentialHeader()).isEqualTo("X-Api-Key");
        assertThat(users.healthPath()).isEqualTo("status");
    }

    @Test
    void theCredentialFromTheEnvironmentWinsAndIsNeverPrinted() {
        Path file = write(dir, "bulwark.yaml", SERVICES);

        LoadedConfig loaded = load(
                List.of("--config", file.toString()),
                Map.of("API_KEY_ORDERS", "env-secret", "API_KEY_USER_DIRECTORY", "other-secret"));

        assertThat(loaded.config().outbound().services().get(0).credential()).contains("env-secret");
        assertThat(loaded.config().outbound().services().get(1).credential()).contains("other-secret");
        assertThat(String.join("\n", loaded.describe()))
                .contains("services.orders (file " + file + ", line 5, column 3), credential: environment variable"
                        + " API_KEY_ORDERS")
                .doesNotContain("env-secret")
                .doesNotContain("file-secret")
                .doesNotContain("orders.internal");
        assertThat(loaded.toString()).doesNotContain("secret\"").doesNotContain("env-secret");
    }

    @Test
    void theSameServicesCanBeGivenInJson() {
        Path file = write(dir, "bulwark.json", """
                {"services": {"payments": {"base-url": "https://pay.example", "methods": "GET,POST",
                 "retry-all-methods": true}}}
                """);

        ServiceSettings payments = load(List.of("--config", file.toString()), Map.of())
                .config()
                .outbound()
                .services()
                .get(0);

        assertThat(payments.retryAllMethods()).isTrue();
        assertThat(payments.methods()).contains(HttpMethod.POST);
    }

    @Test
    void everyProblemOfEveryServiceIsReportedWithTheOthers() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  orders:
                    base-url: https://user:pa55word@orders.internal/
                    tymeout: 2s
                    retries: many
                    methods: [GET, TRACE]
                  payments:
                    description: no url
                  Bad_Name:
                    base-url: https://x
                  refunds:
                    base-url: https://refunds
                    retry-delay: 5s
                    credential: "bad\\u0001secret"
                  refunds:
                    base-url: https://again
                  notes: 12
                """);

        ConfigException failure =
                failure(new ConfigLoader(), List.of("--config", file.toString(), "--cache-ttl", "soon"), Map.of());

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder(
                        "services.orders.tymeout",
                        "services.orders.retries",
                        "services.orders.methods",
                        "services.orders.base-url",
                        "services.payments.base-url",
                        "services.Bad_Name",
                        "services.refunds.retry-max-delay",
                        "services.refunds.credential",
                        "services.refunds",
                        "services.notes",
                        "cache.ttl");
        assertThat(failure.errors())
                .filteredOn(error -> error.key().equals("services.orders.tymeout"))
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.reason()).isEqualTo("unknown key; did you mean timeout?");
                    assertThat(error.source()).isEqualTo("file " + file + ", line 4, column 5");
                });
        assertThat(failure.errors())
                .filteredOn(error -> error.key().equals("services.orders.retries"))
                .singleElement()
                .satisfies(error -> assertThat(error.reason()).startsWith("'many' is not"));
        assertThat(failure.errors())
                .filteredOn(error -> error.key().equals("services.refunds"))
                .singleElement()
                .satisfies(error -> assertThat(error.reason()).startsWith("duplicate service"));
        assertThat(failure.getMessage()).doesNotContain("pa55word").doesNotContain("secret");
    }

    @Test
    void theOpenApiParseTimeoutIsReadAndMustBePositive() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  orders:
                    base-url: https://orders.internal/
                    openapi-parse-timeout: 45s
                  payments:
                    base-url: https://payments.internal/
                """);

        List<ServiceSettings> services = load(List.of("--config", file.toString()), Map.of())
                .config()
                .outbound()
                .services();

        assertThat(services.get(0).openapiParseTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(services.get(1).openapiParseTimeout()).isEqualTo(ServiceSettings.DEFAULT_OPENAPI_PARSE_TIMEOUT);

        Path zero = write(
                dir, "zero.yaml", "services:\n  orders:\n    base-url: https://o\n    openapi-parse-timeout: 0s\n");
        assertThat(failure(new ConfigLoader(), List.of("--config", zero.toString()), Map.of())
                        .errors())
                .extracting(ConfigError::key)
                .containsExactly("services.orders.openapi-parse-timeout");
    }

    @Test
    void toolNamesAreReadPerOperationAndAnInvalidOneIsRefusedNamingTheKey() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  petstore:
                    base-url: https://pets.internal/
                    openapi: file:/etc/pets.yaml
                    openapi-operations: [getPet]
                    openapi-tool-names: [getPet=pet.lookup]
                """);

        ServiceSettings petstore = load(List.of("--config", file.toString()), Map.of())
                .config()
                .outbound()
                .services()
                .get(0);
        assertThat(petstore.openapiToolNames()).containsExactly(Map.entry("getPet", "pet.lookup"));

        Path bad = write(dir, "bad.yaml", """
                services:
                  petstore:
                    base-url: https://pets.internal/
                    openapi: file:/etc/pets.yaml
                    openapi-operations: [getPet]
                    openapi-tool-names: [getPet=pet lookup]
                """);
        assertThat(failure(new ConfigLoader(), List.of("--config", bad.toString()), Map.of())
                        .errors())
                .extracting(error -> error.key() + " " + error.reason())
                .contains("services.petstore.openapi-tool-names names operation getPet's tool 'pet lookup', which is"
                        + " not 1 to 64 letters, digits, '_', '.' or '-'");
    }

    @Test
    void everyProblemOfOneServiceIsReportedAtOnce() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  orders:
                    base-url: https://orders.internal/
                    retry-delay: 2s
                    retry-max-delay: 1s
                    openapi-operations: [listOrders]
                """);

        ConfigException failure = failure(new ConfigLoader(), List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactly("services.orders.retry-max-delay", "services.orders.openapi");
    }

    @Test
    void aBaseUrlWithCredentialsIsRefusedWithoutQuotingIt() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  orders:
                    base-url: https://user:pa55word@orders.internal/
                """);

        ConfigException failure = failure(new ConfigLoader(), List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("services.orders.base-url");
            assertThat(error.reason()).startsWith("must not hold user info").doesNotContain("pa55word");
            assertThat(error.source()).isEqualTo("file " + file + ", line 3, column 15");
        });
    }

    @Test
    void aBadCredentialFromTheEnvironmentIsNamedButNotQuoted() {
        Path file = write(dir, "bulwark.yaml", "services:\n  orders:\n    base-url: https://o\n");

        ConfigException failure =
                failure(new ConfigLoader(), List.of("--config", file.toString()), Map.of("API_KEY_ORDERS", "a\u0007b"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("services.orders.credential");
            assertThat(error.source()).isEqualTo("environment variable API_KEY_ORDERS");
        });
    }

    @Test
    void aCredentialPerSecuritySchemeIsReadFromTheFileAndItsVariableWithoutBeingPrinted() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  pets:
                    base-url: https://pets.internal/api/
                    openapi: file:pets.yaml
                    openapi-operations: ["*"]
                    security:
                      api_key: {}
                      basic-auth:
                        username: alice
                        credential: file-password
                      oauth.v2:
                        client-id: the-client
                        token-url: https://auth.internal/token
                """);

        LoadedConfig loaded = load(
                List.of("--config", file.toString()),
                Map.of("API_KEY_PETS_API_KEY", "env-key", "API_KEY_PETS_OAUTH_V2", "env-client-secret"));

        ServiceSettings pets = loaded.config().outbound().services().get(0);
        assertThat(pets.security()).containsOnlyKeys("api_key", "basic-auth", "oauth.v2");
        assertThat(pets.security().get("api_key").credential()).contains("env-key");
        assertThat(pets.security().get("basic-auth").username()).contains("alice");
        assertThat(pets.security().get("basic-auth").credential()).contains("file-password");
        assertThat(pets.security().get("oauth.v2").clientId()).contains("the-client");
        assertThat(pets.security().get("oauth.v2").credential()).contains("env-client-secret");
        assertThat(pets.security().get("oauth.v2").tokenUrl())
                .hasValueSatisfying(url -> assertThat(url).hasToString("https://auth.internal/token"));
        assertThat(String.join("\n", loaded.describe()) + loaded)
                .doesNotContain("env-key")
                .doesNotContain("file-password")
                .doesNotContain("env-client-secret");
    }

    @Test
    void aSecuritySchemesProblemsAreNamedByTheirKeysWithoutQuotingASecret() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  pets:
                    base-url: https://pets.internal/api/
                    openapi: file:pets.yaml
                    openapi-operations: ["*"]
                    security:
                      api_key:
                        credentail: file-key
                      basic: basic
                """);

        ConfigException failure = failure(new ConfigLoader(), List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .extracting(error -> error.key() + ": " + error.reason())
                .containsExactlyInAnyOrder(
                        "services.pets.security.api_key.credentail: unknown key; did you mean credential?",
                        "services.pets.security.basic: must be a section holding credential, username, client-id,"
                                + " token-url; found a single value",
                        "services.pets.security.api_key.credential: is required: the scheme's API key, bearer token,"
                                + " password or client secret; or set API_KEY_PETS_API_KEY");
        assertThat(failure.getMessage()).doesNotContain("file-key");
    }

    @Test
    void aBadSchemeCredentialFromTheEnvironmentIsNamedButNotQuoted() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  pets:
                    base-url: https://pets.internal/api/
                    openapi: file:pets.yaml
                    openapi-operations: ["*"]
                    security:
                      oauth:
                        client-id: the-client
                """);

        ConfigException failure = failure(
                new ConfigLoader(),
                List.of("--config", file.toString()),
                Map.of("API_KEY_PETS_OAUTH", "bad\u0007secret"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("services.pets.security.oauth.credential");
            assertThat(error.source()).isEqualTo("environment variable API_KEY_PETS_OAUTH");
            assertThat(error.reason()).doesNotContain("secret");
        });
    }

    @Test
    void aSchemeNamedWithoutItsCredentialNamesTheVariableToSet() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  pets:
                    base-url: https://pets.internal/api/
                    openapi: file:pets.yaml
                    openapi-operations: ["*"]
                    security:
                      api_key: {}
                """);

        ConfigException failure = failure(new ConfigLoader(), List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("services.pets.security.api_key.credential");
            assertThat(error.reason()).contains("API_KEY_PETS_API_KEY");
        });
    }

    @Test
    void twoCredentialsThatWouldReadOneVariableStopTheStart() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  pets:
                    base-url: https://pets.internal/api/
                    openapi: file:pets.yaml
                    openapi-operations: ["*"]
                    security:
                      store:
                        credential: file-key
                  pets-store:
                    base-url: https://store.internal/
                """);

        ConfigException failure = failure(new ConfigLoader(), List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("services.pets-store.credential");
            assertThat(error.reason())
                    .isEqualTo("is read from the environment variable API_KEY_PETS_STORE, as"
                            + " services.pets.security.store.credential is, so one secret would go to both; rename the"
                            + " service or the scheme");
        });
    }

    @Test
    void withoutServicesNothingIsRegistered() {
        assertThat(load(List.of(), Map.of("API_KEY_ORDERS", "x"))
                        .config()
                        .outbound()
                        .configured())
                .isFalse();
        assertThat(ServerConfig.defaults().outbound().services()).isEmpty();
        assertThat(Optional.of(ServerConfig.defaults().apiTools().batchMaxRequests()))
                .contains(20);
    }
}
