package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.monitor.MonitorKeys;
import dev.bulwark.outbound.OutboundKeys;
import dev.bulwark.postgres.DatabaseKeys;
import dev.bulwark.redis.RedisKeys;
import dev.bulwark.serve.config.ServedKeys;
import dev.bulwark.serve.config.ServedKeys.Section;
import dev.bulwark.tools.business.services.ApiToolKeys;
import dev.bulwark.tools.business.sql.SqlToolKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The catalogue of every configuration key over {@link ServerConfig}, in the order {@code --help} lists them: the
 * served sections every reader binds ({@link ServedKeys}: the core's, HTTP, authentication, tasks) and, after the
 * section each follows, the sections only the server jar reads. Each is a module's key table, which sits beside its
 * settings record ({@code dev.bulwark.http.HttpKeys} beside {@code HttpSettings}), bound to the component of
 * {@link ServerConfig} that holds the record. The tables of the records only the server jar reads are in this package:
 * {@link TransportKeys} ({@code http.enabled}), {@link LogFileKeys}, {@link ToolPackKeys} and {@link TracingKeys}. The
 * file's {@code services} and {@code monitor.targets} sections of named records are read apart: see
 * {@link ServiceFields} and {@link MonitorTargetFields}. Each key reads its default from its record's
 * {@code defaults()}, through {@link ServerConfig#defaults()}.
 *
 * <p>Adding a setting to a record this catalogue binds touches three places:
 * <ol>
 *   <li>its owner, the settings record of the module that reads it: the field, its {@code DEFAULT_} constant and
 *       its check in the constructor, and the builder's setter when the record has one;
 *   <li>its key table beside that record: a constant ({@code ConfigKey.of(path, environment variable, flag, type,
 *       description, getter, setter)}) listed in the table's {@code all()};
 *   <li>its row in {@code docs/configuration.md} ({@code ConfigurationDocsTest} fails until it is there).
 * </ol>
 * A new section, or a record no section holds yet, also needs a component of {@link ServerConfig} (or of the core's
 * {@code BulwarkConfig}) and its binding: in {@link ServedKeys} when the Spring Boot starter reads it too, else here.
 */
public final class ConfigKeys {

    private static final List<ConfigKey<ServerConfig, ?>> ALL = ServedKeys.catalogue(
            new ServedSections(),
            Map.of(
                    Section.LOGGING,
                    bind(ServerConfig::logFiles, ServerConfig.Builder::logFiles, LogFileKeys.all()),
                    Section.REQUEST_STATE,
                    bind(ServerConfig::transport, ServerConfig.Builder::transport, TransportKeys.all()),
                    Section.TOOL_LIST,
                    Stream.of(
                                    bind(ServerConfig::redis, ServerConfig.Builder::redis, RedisKeys.all()),
                                    bind(ServerConfig::database, ServerConfig.Builder::database, DatabaseKeys.all()),
                                    bind(ServerConfig::sqlTools, ServerConfig.Builder::sqlTools, SqlToolKeys.all()),
                                    bind(ServerConfig::toolPacks, ServerConfig.Builder::toolPacks, ToolPackKeys.all()),
                                    bind(ServerConfig::outbound, ServerConfig.Builder::outbound, OutboundKeys.all()),
                                    bind(ServerConfig::apiTools, ServerConfig.Builder::apiTools, ApiToolKeys.all()),
                                    bind(ServerConfig::monitor, ServerConfig.Builder::monitor, MonitorKeys.all()),
                                    bind(ServerConfig::tracing, ServerConfig.Builder::tracing, TracingKeys.all()))
                            .flatMap(List::stream)
                            .toList()));

    static {
        validate(ALL);
    }

    private ConfigKeys() {}

    /** Every key, in catalogue order. */
    public static List<ConfigKey<ServerConfig, ?>> all() {
        return ALL;
    }

    /** A table over a component of {@link ServerConfig}, set through its builder. */
    private static <S> List<ConfigKey<ServerConfig, ?>> bind(
            Function<ServerConfig, S> section,
            BiFunction<ServerConfig.Builder, S, ServerConfig.Builder> set,
            List<ConfigKey<S, ?>> table) {
        return ServedKeys.within(
                section, (config, value) -> set.apply(config.toBuilder(), value).build(), table);
    }

    /** Where {@link ServerConfig} holds the sections every served Bulwark reads. */
    private static final class ServedSections implements ServedKeys.Holder<ServerConfig> {

        @Override
        public BulwarkConfig core(ServerConfig config) {
            return config.core();
        }

        @Override
        public ServerConfig withCore(ServerConfig config, BulwarkConfig core) {
            return config.toBuilder().core(core).build();
        }

        @Override
        public HttpSettings http(ServerConfig config) {
            return config.http();
        }

        @Override
        public ServerConfig withHttp(ServerConfig config, HttpSettings http) {
            return config.toBuilder().http(http).build();
        }

        @Override
        public AuthSettings auth(ServerConfig config) {
            return config.auth();
        }

        @Override
        public ServerConfig withAuth(ServerConfig config, AuthSettings auth) {
            return config.toBuilder().auth(auth).build();
        }
    }

    /**
     * A key's default as {@code --help} and the docs show it: read from
     * {@link ServerConfig#defaults()}, or {@code (secret)}.
     */
    public static String defaultText(ConfigKey<ServerConfig, ?> key) {
        return key.defaultText(ServerConfig.defaults());
    }

    /** The key with this dotted path, if any. */
    public static Optional<ConfigKey<ServerConfig, ?>> byPath(String path) {
        return ALL.stream().filter(key -> key.path().equals(path)).findFirst();
    }

    /**
     * Checks that a catalogue is coherent: paths, environment variables and flags unique (launcher options
     * included), and no path nested under another.
     *
     * @return {@code keys}, for chaining
     * @throws IllegalArgumentException naming the first clash found
     */
    public static List<ConfigKey<ServerConfig, ?>> validate(List<ConfigKey<ServerConfig, ?>> keys) {
        Objects.requireNonNull(keys, "keys");
        Set<String> paths = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (LauncherOption option : LauncherOption.values()) {
            requireUnique(names, option.flag());
            option.envVar().ifPresent(envVar -> requireUnique(names, envVar));
        }
        for (ConfigKey<ServerConfig, ?> key : keys) {
            requireUnique(paths, key.path());
            requireUnique(names, key.envVar());
            requireUnique(names, key.flag());
        }
        for (ConfigKey<ServerConfig, ?> key : keys) {
            for (String other : paths) {
                if (other.startsWith(key.path() + ".")) {
                    throw new IllegalArgumentException(other + " is nested under the key " + key.path());
                }
            }
        }
        return keys;
    }

    /** The sections of a catalogue: every proper prefix of a path ({@code cache}, {@code rate-limit}). */
    static Set<String> sections(List<ConfigKey<ServerConfig, ?>> keys) {
        Set<String> sections = new LinkedHashSet<>();
        for (ConfigKey<ServerConfig, ?> key : keys) {
            String path = key.path();
            for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
                sections.add(path.substring(0, dot));
            }
        }
        return sections;
    }

    /** Every flag: the launcher's and the catalogue's. */
    static List<String> flags(List<ConfigKey<ServerConfig, ?>> keys) {
        List<String> flags = new ArrayList<>();
        for (LauncherOption option : LauncherOption.values()) {
            flags.add(option.flag());
        }
        keys.forEach(key -> flags.add(key.flag()));
        return flags;
    }

    /** Every environment variable: the launcher's, the catalogue's and the seeds' aliases ({@link SeedVariables}). */
    static List<String> envVars(List<ConfigKey<ServerConfig, ?>> keys) {
        List<String> envVars = new ArrayList<>();
        for (LauncherOption option : LauncherOption.values()) {
            option.envVar().ifPresent(envVars::add);
        }
        keys.forEach(key -> envVars.add(key.envVar()));
        envVars.addAll(SeedVariables.envVars());
        return envVars;
    }

    private static void requireUnique(Set<String> seen, String name) {
        if (!seen.add(name)) {
            throw new IllegalArgumentException("configuration name used twice: " + name);
        }
    }
}
