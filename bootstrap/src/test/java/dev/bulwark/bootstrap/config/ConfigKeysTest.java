package dev.bulwark.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import dev.bulwark.core.config.CacheSettings;
import dev.bulwark.core.config.CoreKeys;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.StdioSettings;
import dev.bulwark.core.config.ToolListSettings;
import dev.bulwark.http.HttpKeys;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.redis.RedisKeys;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.tools.business.sql.SqlToolKeys;
import dev.bulwark.tools.business.sql.SqlToolSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    /**
     * Fields set from a section of named records in the config file, not by a key: the registered services
     * ({@link ServiceFields}), which {@code ServiceConfigTest} covers, the monitor's targets ({@link MonitorTargetFields}),
     * which {@code MonitorConfigTest} covers, the upstreams ({@link UpstreamFields}), which
     * {@code UpstreamConfigTest} covers, and the views ({@link ViewFields}), which {@code ViewConfigTest} covers.
     */
    private static final Set<String> FILE_SECTIONS =
            Set.of("outbound.services", "monitor.targets", "upstreams", "views");

    @Test
    void everyFieldOfServerConfigHasExactlyOneKey() {
        ServerConfig defaults = ServerConfig.defaults();
        Map<String, Object> before = leafFields(defaults);
        List<String> covered = new ArrayList<>();
        for (ConfigKey<ServerConfig, ?> key : ConfigKeys.all()) {
            Map<String, Object> after = leafFields(withSample(key, defaults));
            List<String> changed = before.keySet().stream()
                    .filter(field -> !Objects.equals(before.get(field), after.get(field)))
                    .toList();
            assertThat(changed).as("fields %s changes", key).hasSize(1);
            covered.addAll(changed);
        }

        assertThat(covered)
                .containsExactlyInAnyOrderElementsOf(before.keySet().stream()
                        .filter(field -> !FILE_SECTIONS.contains(field))
                        .toList());
    }

    @Test
    void eachKeyReadsBackTheValueItSets() {
        for (ConfigKey<ServerConfig, ?> key : ConfigKeys.all()) {
            assertReadsBack(key);
        }
    }

    /**
     * What {@code --help} and the docs give as a key's default is its owner's default: the value its field has in
     * the {@code defaults()} of the record that declares the field. It fails when a key's default comes from
     * anywhere else: a section of {@link ServerConfig#defaults()} (or of the core's) built with values of its own, a
     * getter reading another field than the setter writes, a default kept beside the key.
     */
    @Test
    void everyKeysDefaultIsItsOwnerRecordsDefault() throws ReflectiveOperationException {
        ServerConfig defaults = ServerConfig.defaults();
        Map<String, Object> before = leafFields(defaults);
        Map<String, RecordComponent> components = leafComponents(defaults);
        for (ConfigKey<ServerConfig, ?> key : ConfigKeys.all()) {
            ServerConfig sampled = withSample(key, defaults);
            Map<String, Object> after = leafFields(sampled);
            String field = before.keySet().stream()
                    .filter(path -> !Objects.equals(before.get(path), after.get(path)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(key + " changes no field"));
            RecordComponent component = components.get(field);
            Class<?> owner = component.getDeclaringRecord();
            Object ownerDefault =
                    component.getAccessor().invoke(owner.getMethod("defaults").invoke(null));

            Object keysDefault = leafFields(withDefault(key, sampled)).get(field);

            assertThat(keysDefault)
                    .as("default of %s, against %s.defaults().%s()", key, owner.getSimpleName(), component.getName())
                    .isEqualTo(ownerDefault);
        }
    }

    @Test
    void defaultsAreTheOwnersConstants() {
        assertThat(defaultOf(CoreKeys.SERVER_NAME)).isEqualTo(ServerSettings.DEFAULT_NAME);
        assertThat(defaultOf(CoreKeys.CACHE_TTL)).isEqualTo(CacheSettings.DEFAULT_TTL);
        assertThat(defaultOf(CoreKeys.RATE_LIMIT_PER_MINUTE)).isEqualTo(RateLimitSettings.DEFAULT_PER_MINUTE);
        assertThat(defaultOf(CoreKeys.MAX_REQUEST_SIZE)).isEqualTo(LimitSettings.DEFAULT_MAX_REQUEST_BYTES);
        assertThat(defaultOf(CoreKeys.MAX_RESULT_SIZE)).isEqualTo(LimitSettings.DEFAULT_MAX_RESULT_BYTES);
        assertThat(defaultOf(CoreKeys.STDIO_PRINCIPAL)).isEqualTo(StdioSettings.DEFAULT_PRINCIPAL);
        assertThat(defaultOf(TransportKeys.HTTP_ENABLED)).isEqualTo(TransportSettings.DEFAULT_HTTP);
        assertThat(defaultOf(HttpKeys.HTTP_PORT)).isEqualTo(HttpSettings.DEFAULT_PORT);
        assertThat(defaultOf(HttpKeys.HTTP_MAX_SESSIONS_PER_CALLER))
                .isEqualTo(HttpSettings.DEFAULT_MAX_SESSIONS_PER_CALLER);
        assertThat(defaultOf(AuthKeys.AUTH_FAILURE_LIMIT)).isEqualTo(AuthSettings.DEFAULT_FAILURE_LIMIT);
        assertThat(defaultOf(CoreKeys.AUTH_FILTER_TOOL_LIST)).isEqualTo(ToolListSettings.DEFAULT_FILTER_BY_SCOPE);
        assertThat(defaultOf(RedisKeys.REDIS_KEY_PREFIX)).isEqualTo(RedisSettings.DEFAULT_KEY_PREFIX);
        assertThat(defaultOf(SqlToolKeys.DATABASE_ROW_LIMIT)).isEqualTo(SqlToolSettings.DEFAULT_ROW_LIMIT);
        assertThat(defaultOf(ToolPackKeys.TOOLS_CONFORMANCE)).isEqualTo(ToolPackSettings.DEFAULT_CONFORMANCE);
        assertThat(defaultOf(LogFileKeys.LOG_FILE)).isEqualTo(Optional.empty());
        assertThat(defaultOf(LogFileKeys.LOG_AUDIT_FILE)).isEqualTo(Optional.empty());
        assertThat(defaultOf(LogFileKeys.LOG_FILE_MAX_SIZE)).isEqualTo(LogFileSettings.DEFAULT_MAX_FILE_SIZE);
        assertThat(defaultOf(LogFileKeys.LOG_FILE_MAX_HISTORY)).isEqualTo(LogFileSettings.DEFAULT_MAX_HISTORY);
        assertThat(defaultOf(LogFileKeys.LOG_FILE_TOTAL_SIZE_CAP)).isEqualTo(LogFileSettings.DEFAULT_TOTAL_SIZE_CAP);
    }

    @Test
    void seedVariableNamesAreHonoured() {
        assertThat(ConfigKeys.all())
                .extracting(ConfigKey::envVar)
                .contains(
                        "MCP_SERVER_NAME",
                        "MCP_SERVER_VERSION",
                        "MCP_LOG_LEVEL",
                        "MCP_DEBUG",
                        "ENVIRONMENT",
                        "CACHE_TTL",
                        "RATE_LIMIT",
                        "MAX_REQUEST_SIZE");
    }

    @Test
    void onlyCredentialBearingKeysAreSecret() {
        // request-state.key signs what clients hold: whoever knows it can forge a multi round-trip request's state.
        assertThat(ConfigKeys.all())
                .filteredOn(ConfigKey::secret)
                .extracting(ConfigKey::path)
                .containsExactlyInAnyOrder(
                        "redis.url",
                        "database.url",
                        "database.sql-reader-password",
                        "database.sql-writer-password",
                        "auth.jwt-secret",
                        "request-state.key");
    }

    @Test
    void byPathFindsAKey() {
        assertThat(ConfigKeys.byPath("cache.ttl")).get().isEqualTo(CoreKeys.CACHE_TTL);
        assertThat(ConfigKeys.byPath("cache.nope")).isEmpty();
    }

    @Test
    void catalogueWithADuplicateEnvironmentVariableIsRefused() {
        ConfigKey<ServerConfig, String> clash = ConfigKey.of(
                "other.name",
                "MCP_SERVER_NAME",
                "--other-name",
                ConfigType.STRING,
                "clashes",
                config -> "x",
                (config, value) -> config);
        List<ConfigKey<ServerConfig, ?>> keys = new ArrayList<>(ConfigKeys.all());
        keys.add(clash);

        assertThatThrownBy(() -> ConfigKeys.validate(keys))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MCP_SERVER_NAME");
    }

    @Test
    void catalogueKeyClashingWithALauncherFlagIsRefused() {
        ConfigKey<ServerConfig, String> clash = ConfigKey.of(
                "launcher.config",
                "OTHER_CONFIG",
                "--config",
                ConfigType.STRING,
                "clashes",
                config -> "x",
                (config, value) -> config);

        assertThatThrownBy(() -> ConfigKeys.validate(List.of(clash))).hasMessageContaining("--config");
    }

    @Test
    void keyNamesMustHaveTheirShape() {
        assertThatThrownBy(() -> ConfigKey.of(
                        "Cache.TTL",
                        "CACHE_TTL",
                        "--cache-ttl",
                        ConfigType.STRING,
                        "x",
                        config -> "x",
                        (config, value) -> config))
                .hasMessageContaining("Cache.TTL");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** The default of {@code key} in the catalogue: the value its path has in {@link ServerConfig#defaults()}. */
    private static Object defaultOf(ConfigKey<?, ?> key) {
        return ConfigKeys.byPath(key.path()).orElseThrow().valueIn(ServerConfig.defaults());
    }

    private static <T> void assertReadsBack(ConfigKey<ServerConfig, T> key) {
        T value = key.type().parse(sampleText(key));
        assertThat(key.valueIn(key.applyTo(ServerConfig.defaults(), value)))
                .as("%s", key)
                .isEqualTo(value);
    }

    private static <T> ServerConfig withSample(ConfigKey<ServerConfig, T> key, ServerConfig config) {
        return key.applyTo(config, key.type().parse(sampleText(key)));
    }

    private static <T> ServerConfig withDefault(ConfigKey<ServerConfig, T> key, ServerConfig config) {
        return key.applyTo(config, key.valueIn(ServerConfig.defaults()));
    }

    /** A valid value for {@code key} that differs from its default. */
    private static <T> String sampleText(ConfigKey<ServerConfig, T> key) {
        ConfigType<T> type = key.type();
        String defaultText = type.format(key.valueIn(ServerConfig.defaults()));
        switch (key.path()) {
            case "auth.clock-skew":
            case "outbound.health-timeout":
            case "monitor.interval":
                return "120s";
            case "auth.jwks-url":
            case "auth.resource-url":
            case "auth.authorization-servers":
                return "https://example.com/" + key.path();
            case "auth.trusted-proxies":
                return "10.0.0.0/8";
            case "tasks.poll-interval":
            case "tasks.lease":
                return "45s";
            case "tasks.heartbeat":
                return "5s";
            case "tasks.max-bytes-per-caller":
            case "tasks.max-bytes":
                return "1MiB";
            default:
                break;
        }
        if (type == AuthKeys.AUTH_MODE_TYPE) {
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
        if (type == HttpKeys.HTTP_MODE_TYPE) {
            return "stateless";
        }
        if (type == HttpKeys.MCP_PORT_TYPE || type == HttpKeys.MANAGEMENT_PORT_TYPE) {
            return String.valueOf(Integer.parseInt(defaultText) + 1);
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

    /** The record component of every leaf field, by the same paths as {@link #leafFields}. */
    private static Map<String, RecordComponent> leafComponents(ServerConfig config) {
        Map<String, RecordComponent> components = new LinkedHashMap<>();
        collectComponents("", config, components);
        return components;
    }

    private static void collectComponents(String prefix, Record record, Map<String, RecordComponent> components) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            String path = prefix + component.getName();
            if (value instanceof Record nested) {
                collectComponents(path + ".", nested, components);
            } else {
                components.put(path, component);
            }
        }
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
