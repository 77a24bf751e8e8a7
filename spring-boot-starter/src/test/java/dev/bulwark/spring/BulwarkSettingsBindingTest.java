package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** How {@code bulwark.*} reaches the settings records through the modules' key tables. */
class BulwarkSettingsBindingTest {

    private static BulwarkSettingsBinding bind(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return BulwarkSettingsBinding.of(environment);
    }

    private static String problemOf(Map<String, Object> properties) {
        try {
            bind(properties);
        } catch (BulwarkPropertiesException e) {
            return e.getMessage();
        }
        throw new AssertionError("the properties were accepted: " + properties.keySet());
    }

    @Test
    void withoutPropertiesEveryRecordHasItsDefaultsAndTheMcpPortIs8081() {
        BulwarkSettingsBinding binding = bind(Map.of());

        assertThat(binding.settings()).isEqualTo(BulwarkSettings.defaults());
        assertThat(binding.http().port()).isEqualTo(8081);
        assertThat(binding.transport()).isEqualTo(Transport.HTTP);
        assertThat(binding.redis().configured()).isFalse();
    }

    @Test
    void valuesLandInTheirRecordsParsedAsTheServerJarParsesThem() {
        BulwarkSettingsBinding binding = bind(Map.of(
                "bulwark.http.port", "9001",
                "bulwark.cache.ttl", "300",
                "bulwark.http.drain-grace", "2m",
                "bulwark.limits.max-result-size", "2MiB",
                "bulwark.rate-limit.per-minute", "42",
                "bulwark.server.name", "orders",
                "bulwark.stdio.scopes", "tools:read, tools:write",
                "bulwark.http.allowed-origins[0]", "https://a.example",
                "bulwark.http.allowed-origins[1]", "https://b.example"));

        assertThat(binding.http().port()).isEqualTo(9001);
        assertThat(binding.core().cache().defaultTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(binding.http().drainGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(binding.core().limits().maxResultBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(binding.core().rateLimit().perMinute()).isEqualTo(42);
        assertThat(binding.core().server().name()).isEqualTo("orders");
        assertThat(binding.core().stdio().scopes()).containsExactlyInAnyOrder("tools:read", "tools:write");
        assertThat(binding.http().allowedOrigins()).containsExactlyInAnyOrder("https://a.example", "https://b.example");
    }

    @Test
    void anEnvironmentVariableInSpringsRelaxedFormIsRead() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("BULWARK_HTTP_PORT", "9002", "BULWARK_CACHE_MAXENTRIES", "77")));

        BulwarkSettingsBinding binding = BulwarkSettingsBinding.of(environment);

        assertThat(binding.http().port()).isEqualTo(9002);
        assertThat(binding.core().cache().maxEntries()).isEqualTo(77);
    }

    @Test
    void aMalformedValueNamesItsPropertyTheValueAndTheFix() {
        assertThat(problemOf(Map.of("bulwark.cache.ttl", "soon")))
                .startsWith("bulwark.cache.ttl")
                .contains("'soon' is not a duration; use seconds (300)");
    }

    @Test
    void aValueTheRecordRefusesNamesItsPropertyAndTheRecordsReason() {
        assertThat(problemOf(Map.of("bulwark.http.port", "70000")))
                .startsWith("bulwark.http.port")
                .endsWith(": must be 1-65535 or any, was 70000");
    }

    @Test
    void theMcpPortMayBeAnyFreePortAsSpringsServerPortMay() {
        assertThat(bind(Map.of("bulwark.http.port", "0")).http().port()).isZero();
    }

    @Test
    void everyProblemIsReportedTogether() {
        assertThat(problemOf(Map.of("bulwark.cache.ttl", "soon", "bulwark.http.mode", "sessions")))
                .contains("bulwark.cache.ttl")
                .contains("bulwark.http.mode");
    }

    @Test
    void aRuleAcrossKeysNamesTheKeyItBlames() {
        assertThat(problemOf(Map.of("bulwark.http.port", "9100", "bulwark.http.management-port", "9100")))
                .startsWith("bulwark.http.management-port")
                .contains("is the same as http.port");
    }

    @Test
    void aSecretValueIsNeverEchoed() {
        assertThat(problemOf(Map.of("bulwark.redis.url", "http://user:hunter2@cache:6379")))
                .startsWith("bulwark.redis.url")
                .contains("must start with redis:// or rediss://")
                .doesNotContain("hunter2");
        assertThat(problemOf(Map.of("bulwark.auth.jwt-secret", "hunter2")))
                .startsWith("bulwark.auth.jwt-secret")
                .doesNotContain("hunter2");
    }

    @Test
    void aWrongTransportNamesItsPropertyAndTheChoices() {
        assertThat(problemOf(Map.of("bulwark.transport", "carrier-pigeon")))
                .isEqualTo("bulwark.transport: 'carrier-pigeon' is not a transport; use http, web, stdio or none");
    }

    @Test
    void theWebDoorsPathIsMcpUnlessSetAndAPatternOrTheRootIsRefused() {
        assertThat(bind(Map.of()).httpPath()).isEqualTo("/mcp");
        assertThat(bind(Map.of("bulwark.http.path", " /api/mcp ")).httpPath()).isEqualTo("/api/mcp");
        for (String wrong : new String[] {"mcp", "/", "/mcp/*", "/mcp/", "/m cp"}) {
            assertThat(problemOf(Map.of("bulwark.http.path", wrong)))
                    .as(wrong)
                    .isEqualTo("bulwark.http.path: '" + wrong.strip()
                            + "' is not a path of the web server; use one such as /mcp");
        }
    }

    @Test
    void keysOnlyTheServerJarActsOnStopTheStartWithWhatToUseInstead() {
        assertThat(problemOf(Map.of("bulwark.log.level", "nonsense", "bulwark.http.enabled", "maybe")))
                .contains("bulwark.log.level (\"bulwark.log.level\" from property source \"test\"): is a key of the"
                        + " server jar the starter does not read: Spring's logging.level.*")
                .contains("bulwark.http.enabled (\"bulwark.http.enabled\" from property source \"test\"): is a key of"
                        + " the server jar the starter does not read: bulwark.transport chooses");
    }

    @Test
    void springsRedisNamesBulwarksRedisWhenBulwarkHasNone() {
        BulwarkSettingsBinding binding = bind(Map.of(
                "spring.data.redis.host", "cache",
                "spring.data.redis.port", "6380",
                "spring.data.redis.password", "p@ss word",
                "spring.data.redis.database", "2"));

        assertThat(binding.redis().url()).contains("redis://:p%40ss%20word@cache:6380/2");
        assertThat(bind(Map.of("spring.data.redis.url", "rediss://cache:6390"))
                        .redis()
                        .url())
                .contains("rediss://cache:6390");
    }

    @Test
    void bulwarksOwnRedisUrlWinsOverSprings() {
        BulwarkSettingsBinding binding =
                bind(Map.of("bulwark.redis.url", "redis://bulwark:6379", "spring.data.redis.host", "spring"));

        assertThat(binding.redis().url()).isEqualTo(Optional.of("redis://bulwark:6379"));
    }

    @Test
    void aSpringRedisUrlBulwarkCannotUseNamesSpringsPropertyWithoutItsValue() {
        assertThat(problemOf(Map.of("spring.data.redis.url", "http://user:hunter2@cache")))
                .startsWith("spring.data.redis.url")
                .doesNotContain("hunter2");
    }
}
