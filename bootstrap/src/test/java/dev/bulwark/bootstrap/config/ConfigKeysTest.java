package dev.bulwark.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.config.CacheSettings;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.StdioSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void everyFieldOfServerConfigHasExactlyOneKey() {
        ServerConfig defaults = ServerConfig.defaults();
        Map<String, Object> before = leafFields(defaults);
        List<String> covered = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            Map<String, Object> after = leafFields(withSample(key, defaults));
            List<String> changed = before.keySet().stream()
                    .filter(field -> !Objects.equals(before.get(field), after.get(field)))
                    .toList();
            assertThat(changed).as("fields %s changes", key).hasSize(1);
            covered.addAll(changed);
        }

        assertThat(covered).containsExactlyInAnyOrderElementsOf(before.keySet());
    }

    @Test
    void eachKeyReadsBackTheValueItSets() {
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertReadsBack(key);
        }
    }

    @Test
    void defaultsComeFromTheCoreRecords() {
        assertThat(CoreKeys.SERVER_NAME.defaultValue()).isEqualTo(ServerSettings.DEFAULT_NAME);
        assertThat(CoreKeys.CACHE_TTL.defaultValue()).isEqualTo(CacheSettings.DEFAULT_TTL);
        assertThat(CoreKeys.RATE_LIMIT_PER_MINUTE.defaultValue()).isEqualTo(RateLimitSettings.DEFAULT_PER_MINUTE);
        assertThat(CoreKeys.MAX_REQUEST_SIZE.defaultValue()).isEqualTo(LimitSettings.DEFAULT_MAX_REQUEST_BYTES);
        assertThat(CoreKeys.MAX_RESULT_SIZE.defaultValue()).isEqualTo(LimitSettings.DEFAULT_MAX_RESULT_BYTES);
        assertThat(CoreKeys.STDIO_PRINCIPAL.defaultValue()).isEqualTo(StdioSettings.DEFAULT_PRINCIPAL);
    }

    @Test
    void seedVariableNamesAreHonoured() {
        assertThat(ConfigKeys.all()).extracting(ConfigKey::envVar).contains(
                "MCP_SERVER_NAME", "MCP_SERVER_VERSION", "MCP_LOG_LEVEL", "MCP_DEBUG", "ENVIRONMENT",
                "CACHE_TTL", "RATE_LIMIT", "MAX_REQUEST_SIZE");
    }

    @Test
    void onlyCredentialBearingKeysAreSecret() {
        assertThat(ConfigKeys.all()).filteredOn(ConfigKey::secret).extracting(ConfigKey::path)
                .containsExactlyInAnyOrder("redis.url", "database.url", "auth.jwt-secret");
    }

    @Test
    void byPathFindsAKey() {
        assertThat(ConfigKeys.byPath("cache.ttl")).containsSame(CoreKeys.CACHE_TTL);
        assertThat(ConfigKeys.byPath("cache.nope")).isEmpty();
    }

    @Test
    void catalogueWithADuplicateEnvironmentVariableIsRefused() {
        ConfigKey<String> clash = ConfigKey.of("other.name", "MCP_SERVER_NAME", "--other-name", ConfigType.STRING,
                "clashes", config -> "x", (config, value) -> config);
        List<ConfigKey<?>> keys = new ArrayList<>(ConfigKeys.all());
        keys.add(clash);

        assertThatThrownBy(() -> ConfigKeys.validate(keys))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MCP_SERVER_NAME");
    }

    @Test
    void catalogueKeyClashingWithALauncherFlagIsRefused() {
        ConfigKey<String> clash = ConfigKey.of("launcher.config", "OTHER_CONFIG", "--config", ConfigType.STRING,
                "clashes", config -> "x", (config, value) -> config);

        assertThatThrownBy(() -> ConfigKeys.validate(List.of(clash))).hasMessageContaining("--config");
    }

    @Test
    void keyNamesMustHaveTheirShape() {
        assertThatThrownBy(() -> ConfigKey.of("Cache.TTL", "CACHE_TTL", "--cache-ttl", ConfigType.STRING, "x",
                config -> "x", (config, value) -> config)).hasMessageContaining("Cache.TTL");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static <T> void assertReadsBack(ConfigKey<T> key) {
        T value = key.type().parse(sampleText(key));
        assertThat(key.valueIn(key.applyTo(ServerConfig.defaults(), value))).as("%s", key).isEqualTo(value);
    }

    private static <T> ServerConfig withSample(ConfigKey<T> key, ServerConfig config) {
        return key.applyTo(config, key.type().parse(sampleText(key)));
    }

    /** A valid value for {@code key} that differs from its default. */
    private static <T> String sampleText(ConfigKey<T> key) {
        ConfigType<T> type = key.type();
        String defaultText = type.format(key.defaultValue());
        switch (key.path()) {
            case "auth.clock-skew":
                return "120s";
            case "auth.jwks-url":
            case "auth.resource-url":
            case "auth.authorization-servers":
                return "https://example.com/" + key.path();
            case "auth.trusted-proxies":
                return "10.0.0.0/8";
            default:
                break;
        }
        if (type == ConfigType.AUTH_MODE) {
            return "required";
        }
        if (type == ConfigType.BOOLEAN) {
            return String.valueOf(!Boolean.parseBoolean(defaultText));
        }
        if (type == ConfigType.INT || type == ConfigType.LONG) {
            return String.valueOf(Long.parseLong(defaultText) + 1);
        }
        if (type == ConfigType.DURATION) {
            return "12345s";
        }
        if (type == ConfigType.BYTE_SIZE) {
            return "12345";
        }
        if (type == ConfigType.LIST) {
            return "sample:scope";
        }
        if (type == ConfigType.LOG_LEVEL) {
            return "ERROR";
        }
        if (type == ConfigType.HTTP_MODE) {
            return "stateless";
        }
        if (type == ConfigType.SECRET) {
            return "redis://user:pw@example.invalid:6379/0";
        }
        return "sample-" + key.path();
    }

    /** Every leaf field of a configuration, by its dotted record-component path ({@code core.cache.defaultTtl}). */
    private static Map<String, Object> leafFields(ServerConfig config) {
        Map<String, Object> fields = new LinkedHashMap<>();
        collect("", config, fields, new HashSet<>());
        return fields;
    }

    private static void collect(String prefix, Record record, Map<String, Object> fields, Set<Object> seen) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            String path = prefix + component.getName();
            if (value instanceof Record nested && seen.add(path)) {
                collect(path + ".", nested, fields, seen);
            } else {
                fields.put(path, value);
            }
        }
    }
}
