package dev.bulwark.spring;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.CoreKeys;
import dev.bulwark.http.HttpKeys;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.postgres.DatabaseKeys;
import dev.bulwark.postgres.DatabaseSettings;
import dev.bulwark.redis.RedisKeys;
import dev.bulwark.serve.config.ServedKeys;
import dev.bulwark.serve.config.ServedKeys.Section;
import dev.bulwark.tools.business.sql.SqlToolKeys;
import dev.bulwark.tools.business.sql.SqlToolSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.util.ClassUtils;

/**
 * Every key the starter reads as {@code bulwark.<path>}, in the {@link #tables() tables} its IDE metadata is made
 * from; {@link #SERVER_JAR_ONLY} names the keys it leaves to the server jar, with the reason of each. Stateless.
 */
final class BulwarkPropertyKeys {

    /** The prefix of every key the starter reads. */
    static final String PREFIX = "bulwark.";

    /** The property of {@link #TRANSPORT}, a constant for {@code @ConditionalOnProperty}. */
    static final String TRANSPORT_PROPERTY = PREFIX + "transport";

    /** The property of {@link #HTTP_PATH}. */
    static final String HTTP_PATH_PROPERTY = PREFIX + "http.path";

    /** The property of {@link #SQL_TOOLS}. */
    static final String SQL_TOOLS_PROPERTY = PREFIX + "tools.sql";

    /**
     * {@code bulwark.transport}. The starter's own keys' paths are their whole property names; Spring reads this one
     * as {@code bulwark.transport} or {@code BULWARK_TRANSPORT}; the flag is the key table's form, unused here.
     */
    static final ConfigKey<Switches, Transport> TRANSPORT = ConfigKey.of(
            TRANSPORT_PROPERTY,
            "BULWARK_TRANSPORT",
            "--bulwark-transport",
            ConfigType.of(
                    "http|web|stdio|none",
                    BulwarkPropertyKeys::transport,
                    value -> value.name().toLowerCase(Locale.ROOT)),
            "How the starter serves the Bulwark bean: web (the application's own servlet web server, behind its Spring"
                    + " Security; the default of a servlet web application), http (Bulwark's own standalone port; the"
                    + " default without a web server), stdio or none (the application calls it)",
            Switches::transport,
            (switches, value) -> new Switches(value, switches.sqlTools(), switches.httpPath()));

    /** {@code bulwark.tools.sql}. */
    static final ConfigKey<Switches, Boolean> SQL_TOOLS = ConfigKey.of(
            SQL_TOOLS_PROPERTY,
            "BULWARK_TOOLS_SQL",
            "--bulwark-tools-sql",
            ConfigType.BOOLEAN,
            "Whether the SQL tools serve on the application's PostgreSQL DataSource (needs bulwark-adapter-postgres"
                    + " and bulwark-tools)",
            Switches::sqlTools,
            (switches, value) -> new Switches(switches.transport(), value, switches.httpPath()));

    /** {@code bulwark.http.path}. */
    static final ConfigKey<Switches, String> HTTP_PATH = ConfigKey.of(
            HTTP_PATH_PROPERTY,
            "BULWARK_HTTP_PATH",
            "--bulwark-http-path",
            ConfigType.of("path", BulwarkPropertyKeys::httpPath, value -> value),
            "Where MCP is served on the application's own web server (bulwark.transport=web)",
            Switches::httpPath,
            (switches, value) -> new Switches(switches.transport(), switches.sqlTools(), value));

    /** The core's logging keys the server jar's logging backend acts on, not the core. */
    private static final Set<ConfigKey<?, ?>> SERVER_JAR_LOGGING = Set.of(CoreKeys.LOG_LEVEL, CoreKeys.LOG_DEBUG);

    private static final List<ConfigKey<BulwarkSettings, ?>> ALL = ServedKeys.catalogue(
                    new ServedSections(),
                    Map.of(
                            Section.TOOL_LIST,
                            ServedKeys.within(BulwarkSettings::redis, BulwarkSettings::withRedis, RedisKeys.all())))
            .stream()
            .filter(key -> !SERVER_JAR_LOGGING.contains(key))
            .map(key -> key.equals(HttpKeys.HTTP_PORT) ? anyFreePortToo(key) : key)
            .toList();

    private static final List<ConfigKey<Switches, ?>> OWN = List.of(TRANSPORT, SQL_TOOLS, HTTP_PATH);

    /**
     * The server jar's keys the starter does not read, each with why: a path, or a prefix ending in {@code *}. Set
     * under {@code bulwark.}, each stops the start with its reason.
     */
    static final Map<String, String> SERVER_JAR_ONLY = serverJarOnly();

    private static Map<String, String> serverJarOnly() {
        Map<String, String> only = new LinkedHashMap<>();
        only.put("http.enabled", "bulwark.transport chooses how the starter serves (http, web, stdio or none)");
        only.put("log.level", "Spring's logging.level.* sets the application's log levels");
        only.put("log.debug", "Spring's logging.level.* sets the application's log levels");
        only.put("log.file", "Spring's logging.file.* (or the application's logging configuration) writes log files");
        only.put("log.audit-file", "route the logger dev.bulwark.audit in the application's logging configuration");
        only.put("log.file-*", "Spring's logging.logback.rollingpolicy.* rolls the application's log files");
        only.put("database.url", "the application's DataSource names the database");
        only.put("database.sql-reader-password", "the application's DataSource holds the database login");
        only.put("database.sql-writer-password", "the application's DataSource holds the database login");
        only.put("tools.conformance", "the conformance pack serves the server jar's conformance runs only");
        only.put("tools.skills-folder", "a SkillsPack bean serves a folder of skills in an application");
        only.put("tools.views-folder", "an Extension bean made by McpApps.extension serves an application's views");
        only.put("outbound.*", "outbound services and their tools are the server jar's; call yours from your tools");
        only.put("monitor.*", "the fleet monitor runs as the server jar's --monitor");
        only.put(
                "tracing.*",
                "the server jar's own OTLP exporter; give Bulwark the application's OpenTelemetry through a"
                        + " BulwarkCustomizer");
        return Map.copyOf(only);
    }

    /** Why the starter does not read the server jar's key {@code path}; empty when it is not one of those. */
    static Optional<String> serverJarOnly(String path) {
        for (Map.Entry<String, String> entry : SERVER_JAR_ONLY.entrySet()) {
            String key = entry.getKey();
            boolean matches =
                    key.endsWith("*") ? path.startsWith(key.substring(0, key.length() - 1)) : path.equals(key);
            if (matches) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    private BulwarkPropertyKeys() {}

    /**
     * The starter's own switches, with their defaults: HTTP (in an application without a web server), no SQL tools,
     * {@code /mcp}.
     */
    record Switches(Transport transport, boolean sqlTools, String httpPath) {
        static final Switches DEFAULTS = new Switches(Transport.HTTP, false, "/mcp");
    }

    /**
     * One table of keys the starter reads, over the record {@code defaults} shows their defaults in.
     *
     * @param prefix what a key's path is read under: {@link #PREFIX} for the modules' tables, none for the starter's
     *     own keys, whose paths are their property names
     * @param <S> the record the keys are over
     */
    record Table<S>(String prefix, List<ConfigKey<S, ?>> keys, S defaults) {

        /** The Spring property {@code key} is read as. */
        String property(ConfigKey<?, ?> key) {
            return prefix + key.path();
        }
    }

    /**
     * Every table of keys the starter reads: the metadata lists exactly these. The database's and the SQL tools'
     * only when their modules are on the class path.
     */
    static List<Table<?>> tables() {
        List<Table<?>> tables = new ArrayList<>();
        tables.add(new Table<>("", OWN, Switches.DEFAULTS));
        tables.add(new Table<>(PREFIX, ALL, BulwarkSettings.defaults()));
        ClassLoader loader = BulwarkPropertyKeys.class.getClassLoader();
        if (ClassUtils.isPresent("dev.bulwark.postgres.DatabaseKeys", loader)) {
            tables.add(DatabaseTable.table());
        }
        if (ClassUtils.isPresent("dev.bulwark.tools.business.sql.SqlToolKeys", loader)) {
            tables.add(SqlToolTable.table());
        }
        return tables;
    }

    /** {@code bulwark.transport}'s value; the message names the choices, never the text. */
    private static Transport transport(String text) {
        try {
            return Transport.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a transport; use http, web, stdio or none");
        }
    }

    /**
     * {@code bulwark.http.path}'s value: one absolute path of the web server, without a pattern, a query or a
     * fragment, and not the root (the application's own pages live there).
     */
    private static String httpPath(String text) {
        String path = text.strip();
        boolean plain = path.startsWith("/")
                && path.length() > 1
                && !path.endsWith("/")
                && path.chars().allMatch(c -> c > ' ' && c < 127 && c != '*' && c != '?' && c != '#' && c != '\\');
        if (!plain) {
            throw new IllegalArgumentException("is not a path of the web server; use one such as /mcp");
        }
        return path;
    }

    /** The database's keys the starter reads: all but its URL and SQL logins. Loaded with bulwark-adapter-postgres. */
    static final class DatabaseTable {
        static final List<ConfigKey<DatabaseSettings, ?>> KEYS = DatabaseKeys.all().stream()
                .filter(key -> !key.secret() && !key.equals(DatabaseKeys.DATABASE_URL))
                .toList();

        private DatabaseTable() {}

        static Table<DatabaseSettings> table() {
            return new Table<>(PREFIX, KEYS, DatabaseSettings.defaults());
        }
    }

    /** The SQL tools' keys. Loaded with bulwark-tools. */
    static final class SqlToolTable {
        static final List<ConfigKey<SqlToolSettings, ?>> KEYS = SqlToolKeys.all();

        private SqlToolTable() {}

        static Table<SqlToolSettings> table() {
            return new Table<>(PREFIX, KEYS, SqlToolSettings.defaults());
        }
    }

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

    /** Where {@link BulwarkSettings} holds the sections every served Bulwark reads. */
    private static final class ServedSections implements ServedKeys.Holder<BulwarkSettings> {

        @Override
        public BulwarkConfig core(BulwarkSettings settings) {
            return settings.core();
        }

        @Override
        public BulwarkSettings withCore(BulwarkSettings settings, BulwarkConfig core) {
            return settings.withCore(core);
        }

        @Override
        public HttpSettings http(BulwarkSettings settings) {
            return settings.http();
        }

        @Override
        public BulwarkSettings withHttp(BulwarkSettings settings, HttpSettings http) {
            return settings.withHttp(http);
        }

        @Override
        public AuthSettings auth(BulwarkSettings settings) {
            return settings.auth();
        }

        @Override
        public BulwarkSettings withAuth(BulwarkSettings settings, AuthSettings auth) {
            return settings.withAuth(auth);
        }
    }
}
