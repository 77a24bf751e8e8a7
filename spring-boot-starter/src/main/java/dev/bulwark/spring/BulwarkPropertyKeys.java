package dev.bulwark.spring;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.CoreKeys;
import dev.bulwark.http.HttpKeys;
import dev.bulwark.http.auth.AuthKeys;
import dev.bulwark.redis.RedisKeys;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every key the starter reads, each read as {@code bulwark.<path>}: the modules' own key tables (the server jar's),
 * bound to {@link BulwarkSettings} in the server jar's catalogue order. Left out are the keys only the server jar
 * acts on: its transport switch ({@code http.enabled}; the starter has {@code bulwark.transport}), its log level and
 * files (Spring's {@code logging.*} rule here), its tool packs, database, SQL and API tools, outbound services,
 * monitor and tracing. Stateless.
 */
final class BulwarkPropertyKeys {

    /** The prefix of every key the starter reads. */
    static final String PREFIX = "bulwark.";

    /** The core's logging keys the server jar's logging backend acts on, not the core. */
    private static final Set<ConfigKey<?, ?>> SERVER_JAR_LOGGING = Set.of(CoreKeys.LOG_LEVEL, CoreKeys.LOG_DEBUG);

    private static final List<ConfigKey<BulwarkSettings, ?>> ALL = Stream.of(
                    core(BulwarkConfig::server, BulwarkConfig.Builder::server, CoreKeys.server()),
                    core(BulwarkConfig::logging, BulwarkConfig.Builder::logging, CoreKeys.logging()),
                    core(BulwarkConfig::cache, BulwarkConfig.Builder::cache, CoreKeys.cache()),
                    core(BulwarkConfig::rateLimit, BulwarkConfig.Builder::rateLimit, CoreKeys.rateLimit()),
                    core(BulwarkConfig::limits, BulwarkConfig.Builder::limits, CoreKeys.limits()),
                    core(BulwarkConfig::stdio, BulwarkConfig.Builder::stdio, CoreKeys.stdio()),
                    core(BulwarkConfig::requestState, BulwarkConfig.Builder::requestState, CoreKeys.requestState()),
                    bind(BulwarkSettings::http, BulwarkSettings::withHttp, HttpKeys.all()),
                    bind(BulwarkSettings::auth, BulwarkSettings::withAuth, AuthKeys.all()),
                    core(BulwarkConfig::toolList, BulwarkConfig.Builder::toolList, CoreKeys.toolList()),
                    bind(BulwarkSettings::redis, BulwarkSettings::withRedis, RedisKeys.all()))
            .flatMap(List::stream)
            .filter(key -> !SERVER_JAR_LOGGING.contains(key))
            .map(key -> key.equals(HttpKeys.HTTP_PORT) ? anyFreePortToo(key) : key)
            .toList();

    private BulwarkPropertyKeys() {}

    /** Every key, in catalogue order. */
    static List<ConfigKey<BulwarkSettings, ?>> all() {
        return ALL;
    }

    /** The Spring property of {@code key}: {@code bulwark.<path>}. */
    static String property(ConfigKey<?, ?> key) {
        return PREFIX + key.path();
    }

    /**
     * {@code http.port} that also takes 0, a free port, as Spring's {@code server.port} does, for an application's
     * tests ({@code local.bulwark.http.port} names the port bound). The server jar refuses 0 as an operator's mistake.
     */
    @SuppressWarnings("unchecked")
    private static ConfigKey<BulwarkSettings, ?> anyFreePortToo(ConfigKey<BulwarkSettings, ?> key) {
        ConfigKey<BulwarkSettings, Integer> port = (ConfigKey<BulwarkSettings, Integer>) key;
        return new ConfigKey<>(
                port.path(),
                port.envVar(),
                port.flag(),
                port.type(),
                port.description() + "; 0 = any free port",
                port.secret(),
                port.getter(),
                (settings, value) -> value == 0
                        ? settings.withHttp(settings.http().toBuilder().port(0).build())
                        : port.applyTo(settings, value));
    }

    private static <S> List<ConfigKey<BulwarkSettings, ?>> bind(
            Function<BulwarkSettings, S> section,
            BiFunction<BulwarkSettings, S, BulwarkSettings> withSection,
            List<ConfigKey<S, ?>> table) {
        return table.stream()
                .<ConfigKey<BulwarkSettings, ?>>map(key -> key.within(section, withSection))
                .toList();
    }

    private static <S> List<ConfigKey<BulwarkSettings, ?>> core(
            Function<BulwarkConfig, S> section,
            BiFunction<BulwarkConfig.Builder, S, BulwarkConfig.Builder> set,
            List<ConfigKey<S, ?>> table) {
        return bind(
                settings -> section.apply(settings.core()),
                (settings, value) -> settings.withCore(
                        set.apply(settings.core().toBuilder(), value).build()),
                table);
    }
}
