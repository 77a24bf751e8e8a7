package dev.bulwark.spring;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigProblemException;
import dev.bulwark.config.Suggestions;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.http.HttpKeys;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisKeys;
import dev.bulwark.redis.RedisSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Reads {@code bulwark.*} from the Spring environment into {@link BulwarkSettings} as the server jar reads its own
 * keys, every problem collected into one {@link BulwarkPropertiesException} that names each property and never a
 * secret's value. Immutable once bound.
 */
public final class BulwarkSettingsBinding {

    /** The prefix of every key the starter reads. */
    public static final String PREFIX = BulwarkPropertyKeys.PREFIX;

    /** The key of the transport: {@code web}, {@code http}, {@code stdio} or {@code none}; see {@link #transport(Environment)}. */
    public static final String TRANSPORT = BulwarkPropertyKeys.TRANSPORT_PROPERTY;

    /** Where the web transport serves MCP on the application's own web server: {@code /mcp} by default. */
    public static final String HTTP_PATH = BulwarkPropertyKeys.HTTP_PATH_PROPERTY;

    /** The switch of the SQL tools on the application's PostgreSQL {@code DataSource}: off by default. */
    public static final String SQL_TOOLS = BulwarkPropertyKeys.SQL_TOOLS_PROPERTY;

    /** The issuer of the application's own JWTs, as Spring Boot's resource server reads it. */
    static final String SPRING_ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    /** The environment of a servlet web application (Spring Boot's and its tests' alike). */
    private static final String SERVLET_ENVIRONMENT = "org.springframework.web.context.ConfigurableWebEnvironment";

    /** The environment of a reactive web application. */
    private static final String REACTIVE_ENVIRONMENT =
            "org.springframework.boot.web.context.reactive.ConfigurableReactiveWebEnvironment";

    /** See {@link BulwarkSettings#DEFAULT_HTTP_PORT}. */
    public static final int DEFAULT_HTTP_PORT = BulwarkSettings.DEFAULT_HTTP_PORT;

    private final Transport transport;
    private final String httpPath;
    private final BulwarkSettings settings;
    private final boolean redisUrlGiven;
    private final boolean webDoorStateful;
    private final List<BulwarkEndpoint> endpoints;
    private final List<String> upstreams;

    private BulwarkSettingsBinding(
            Transport transport,
            String httpPath,
            BulwarkSettings settings,
            boolean redisUrlGiven,
            boolean webDoorStateful,
            List<BulwarkEndpoint> endpoints,
            List<String> upstreams) {
        this.transport = transport;
        this.httpPath = httpPath;
        this.settings = settings;
        this.redisUrlGiven = redisUrlGiven;
        this.webDoorStateful = webDoorStateful;
        this.endpoints = List.copyOf(endpoints);
        this.upstreams = List.copyOf(upstreams);
    }

    /**
     * The names of the upstream MCP servers of {@code bulwark.upstreams.<name>.*}, each checked by the server jar's
     * parser; often none.
     */
    public List<String> upstreams() {
        return upstreams;
    }

    /** {@code bulwark.endpoints.<name>.*}: the named endpoints beside the one at {@link #httpPath()}; often none. */
    public List<BulwarkEndpoint> endpoints() {
        return endpoints;
    }

    /**
     * Whether the application's own port serves the session era with sessions: {@code bulwark.http.mode=stateful}
     * set with {@code bulwark.transport=web}. Without the setting that port is stateless, whatever the jar's default.
     */
    public boolean webDoorStateful() {
        return webDoorStateful;
    }

    /**
     * The settings {@code environment}'s properties give: for each key of {@link BulwarkPropertyKeys}, in catalogue
     * order, the property {@code bulwark.<path>} (with Spring's relaxed names: {@code BULWARK_HTTP_PORT} is
     * {@code bulwark.http.port}) parsed with the key's type and set onto the records' defaults; then the rules across
     * keys. Without {@code bulwark.redis.url}, Spring's own Redis properties ({@link SpringRedisUrl}) name Bulwark's
     * Redis.
     *
     * @throws BulwarkPropertiesException listing every property whose value cannot be used
     */
    public static BulwarkSettingsBinding of(Environment environment) {
        return new Reader(environment).read();
    }

    /**
     * The record of {@code table}'s keys, each read as {@code bulwark.<path>} and set onto {@code defaults} as
     * {@link #of} sets its own: for the settings of the modules the application may leave out (the database's).
     *
     * @throws BulwarkPropertiesException listing every property whose value cannot be used
     */
    static <S> S bind(Environment environment, List<? extends ConfigKey<S, ?>> table, S defaults) {
        Reader reader = new Reader(environment);
        S settings = defaults;
        for (ConfigKey<S, ?> key : table) {
            Optional<String> text = reader.text(key);
            if (text.isPresent()) {
                settings = reader.apply(key, text.get(), settings, defaults);
            }
        }
        if (!reader.problems.isEmpty()) {
            throw new BulwarkPropertiesException(reader.problems);
        }
        return settings;
    }

    /**
     * {@code bulwark.tools.sql}.
     *
     * @throws BulwarkPropertiesException when it is neither true nor false
     */
    static boolean sqlTools(Environment environment) {
        String text = environment.getProperty(SQL_TOOLS);
        if (text == null || text.isBlank()) {
            return BulwarkPropertyKeys.Switches.DEFAULTS.sqlTools();
        }
        try {
            return BulwarkPropertyKeys.SQL_TOOLS.type().parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new BulwarkPropertiesException(List.of(SQL_TOOLS + ": '" + text.strip() + "' " + e.getMessage()));
        }
    }

    /**
     * {@code bulwark.transport}, else the application's kind chooses: {@link Transport#WEB} in a servlet web
     * application, {@link Transport#HTTP} in one without a web server. A reactive application must choose.
     *
     * @throws BulwarkPropertiesException when the value is not a transport, or when a reactive application sets none
     */
    static Transport transport(Environment environment) {
        Optional<String> text = Binder.get(environment)
                .bind(TRANSPORT, String.class)
                .map(String::strip)
                .map(Optional::of)
                .orElse(Optional.empty());
        if (text.isPresent()) {
            return transportOf(text.get());
        }
        if (isInstance(SERVLET_ENVIRONMENT, environment)) {
            return Transport.WEB;
        }
        if (isInstance(REACTIVE_ENVIRONMENT, environment)) {
            throw new BulwarkPropertiesException(List.of(TRANSPORT + ": not set, and this reactive (WebFlux)"
                    + " application has no servlet web server to serve MCP on: set " + TRANSPORT + "=http for"
                    + " Bulwark's own standalone port, or run the application on spring-boot-starter-webmvc"));
        }
        return Transport.HTTP;
    }

    private static boolean isInstance(String className, Object value) {
        ClassLoader loader = BulwarkSettingsBinding.class.getClassLoader();
        return ClassUtils.isPresent(className, loader)
                && ClassUtils.resolveClassName(className, loader).isInstance(value);
    }

    /** How the starter serves: {@link #transport(Environment)}. */
    public Transport transport() {
        return transport;
    }

    /** {@code bulwark.http.path}: where {@link Transport#WEB} serves MCP on the application's web server. */
    public String httpPath() {
        return httpPath;
    }

    /** Every record read. */
    public BulwarkSettings settings() {
        return settings;
    }

    /** The core's settings. */
    public BulwarkConfig core() {
        return settings.core();
    }

    /** {@code bulwark.http.*}: the HTTP transport's settings, with {@link #DEFAULT_HTTP_PORT}. */
    public HttpSettings http() {
        return settings.http();
    }

    /** {@code bulwark.auth.*}: how HTTP callers authenticate. */
    public AuthSettings auth() {
        return settings.auth();
    }

    /** Whether {@code bulwark.redis.url} is set: then it names Bulwark's Redis, before any of Spring's. */
    public boolean redisUrlGiven() {
        return redisUrlGiven;
    }

    /** {@code bulwark.redis.*}, or Spring's Redis: the shared store; {@link RedisSettings#configured()} when set. */
    public RedisSettings redis() {
        return settings.redis();
    }

    /** {@code bulwark.tasks.*}: the bounds of the tasks of long-running tool calls. */
    public TaskSettings tasks() {
        return settings.core().tasks();
    }

    /**
     * The audience ({@code aud}) every bearer token verified by the application's Spring Security must name:
     * {@code bulwark.auth.resource-url}, as the server jar requires of its own JWTs.
     *
     * @throws BulwarkPropertiesException when it is not set
     */
    String audience() {
        return settings.auth()
                .resourceUrl()
                .orElseThrow(() ->
                        new BulwarkPropertiesException(List.of(BulwarkPropertyKeys.property(AuthKeys.AUTH_RESOURCE_URL)
                                + ": must be set when the application's"
                                + " Spring Security verifies Bulwark's bearer tokens: it is the audience (aud) every token"
                                + " must name, for example https://mcp.example.com/mcp")));
    }

    static Transport transportOf(String text) {
        try {
            return BulwarkPropertyKeys.TRANSPORT.type().parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new BulwarkPropertiesException(List.of(TRANSPORT + ": '" + text.strip() + "' " + e.getMessage()));
        }
    }

    /** One read of an environment; collects its problems. Not thread-safe. */
    private static final class Reader {

        private final Environment environment;
        private final Binder binder;
        private final List<String> problems = new ArrayList<>();

        Reader(Environment environment) {
            this.environment = environment;
            this.binder = Binder.get(environment);
        }

        BulwarkSettingsBinding read() {
            Transport transport = BulwarkPropertyKeys.Switches.DEFAULTS.transport();
            try {
                transport = transport(environment);
            } catch (BulwarkPropertiesException e) {
                problems.addAll(e.problems());
            }
            String httpPath = BulwarkPropertyKeys.Switches.DEFAULTS.httpPath();
            Optional<String> pathText =
                    binder.bind(HTTP_PATH, String.class).map(Optional::of).orElse(Optional.empty());
            if (pathText.isPresent()) {
                try {
                    httpPath = BulwarkPropertyKeys.HTTP_PATH.type().parse(pathText.get());
                } catch (IllegalArgumentException e) {
                    problems.add(HTTP_PATH + ": '" + pathText.get().strip() + "' " + e.getMessage());
                }
            }
            BulwarkSettings defaults = BulwarkSettings.defaults();
            BulwarkSettings settings = defaults;
            boolean redisUrlGiven = false;
            for (ConfigKey<BulwarkSettings, ?> key : BulwarkPropertyKeys.all()) {
                Optional<String> text = text(key);
                if (text.isPresent()) {
                    settings = apply(key, text.get(), settings, defaults);
                    redisUrlGiven |= key.path().equals(RedisKeys.REDIS_URL.path());
                }
            }
            if (!redisUrlGiven) {
                settings = springRedis(settings);
            }
            settings = springIssuer(settings);
            unknownProperties();
            List<BulwarkEndpoint> endpoints = EndpointProperties.read(environment, problems);
            if (!endpoints.isEmpty() && transport != Transport.WEB) {
                problems.add(EndpointProperties.PREFIX + ": named endpoints serve on the application's own web server:"
                        + " set " + TRANSPORT + "=web, or remove them");
            }
            List<String> upstreams = UpstreamNames.read(environment, problems);
            // without the MCP client there is nothing to parse them with: the auto-configuration names the artifact
            if (!upstreams.isEmpty()
                    && UpstreamNames.missingArtifacts(BulwarkSettingsBinding.class.getClassLoader())
                            .isEmpty()) {
                UpstreamProperties.read(environment, upstreams, problems);
            }
            for (ConfigProblem problem : settings.problems(transport == Transport.HTTP)) {
                problems.add(line(PREFIX + problem.path(), problem.detail()));
            }
            checkRedisUrl(settings.redis(), redisUrlGiven);
            boolean webDoorStateful = transport == Transport.WEB
                    && settings.http().mode() == HttpMode.STATEFUL
                    && text(HttpKeys.HTTP_MODE).isPresent();
            if (!problems.isEmpty()) {
                throw new BulwarkPropertiesException(problems);
            }
            return new BulwarkSettingsBinding(
                    transport, httpPath, settings, redisUrlGiven, webDoorStateful, endpoints, upstreams);
        }

        /** The property's text: a list's items joined by commas, as the key's type reads a list. */
        private Optional<String> text(ConfigKey<?, ?> key) {
            String property = BulwarkPropertyKeys.property(key);
            if (key.type().isList()) {
                return binder.bind(property, Bindable.listOf(String.class))
                        .map(items -> String.join(",", items))
                        .map(Optional::of)
                        .orElse(Optional.empty());
            }
            return binder.bind(property, String.class).map(Optional::of).orElse(Optional.empty());
        }

        /** {@code settings} with {@code key} set to the parsed {@code text}; unchanged, and a problem, if refused. */
        private <S, T> S apply(ConfigKey<S, T> key, String text, S settings, S defaults) {
            T value;
            try {
                value = key.type().parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(line(key, quote(key, text) + " " + e.getMessage()));
                return settings;
            }
            try {
                return key.applyTo(settings, value);
            } catch (IllegalArgumentException e) {
                // refused alone, or against a value set before it (a rule across keys): the message names the key
                String blamed = blamed(e, key);
                try {
                    key.applyTo(defaults, value);
                } catch (IllegalArgumentException alone) {
                    problems.add(line(key, rejection(key, alone)));
                    return settings;
                }
                problems.add(line(PREFIX + blamed, rejection(key, e)));
                return settings;
            }
        }

        /**
         * The application's JWT issuer ({@value #SPRING_ISSUER}) as the authorization server the protected resource
         * metadata names, unless {@code bulwark.auth.authorization-servers} or {@code bulwark.auth.issuer} names one.
         */
        private BulwarkSettings springIssuer(BulwarkSettings settings) {
            AuthSettings auth = settings.auth();
            Optional<String> issuer = binder.bind(SPRING_ISSUER, String.class)
                    .map(String::strip)
                    .map(Optional::of)
                    .orElse(Optional.empty())
                    .filter(text -> !text.isEmpty());
            if (issuer.isEmpty()
                    || !auth.authorizationServers().isEmpty()
                    || auth.issuer().isPresent()) {
                return settings;
            }
            try {
                return settings.withAuth(auth.toBuilder()
                        .authorizationServers(List.of(issuer.get()))
                        .build());
            } catch (IllegalArgumentException e) {
                problems.add(line(
                        SPRING_ISSUER,
                        "cannot be named as Bulwark's authorization server: " + rejectionOf(e)
                                + "; set bulwark.auth.authorization-servers"));
                return settings;
            }
        }

        /**
         * Refuses every {@code bulwark.*} property the starter does not read, from any source but the environment
         * variables: there a platform sets {@code BULWARK_*} names of its own (Kubernetes' service links for a
         * service named bulwark), and Spring's relaxed names make an unknown variable's key ambiguous.
         */
        private void unknownProperties() {
            ConfigurationPropertyName root = ConfigurationPropertyName.of("bulwark");
            Set<ConfigurationPropertyName> known = new HashSet<>();
            List<String> candidates = new ArrayList<>();
            for (BulwarkPropertyKeys.Table<?> table : BulwarkPropertyKeys.tables()) {
                for (ConfigKey<?, ?> key : table.keys()) {
                    String property = table.property(key);
                    known.add(ConfigurationPropertyName.of(property));
                    candidates.add(property);
                }
            }
            Set<ConfigurationPropertyName> refused = new LinkedHashSet<>();
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
                if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource
                        || !(source instanceof IterableConfigurationPropertySource iterable)) {
                    continue;
                }
                iterable.stream()
                        .filter(root::isAncestorOf)
                        .filter(name -> !EndpointProperties.covers(name)) // read by EndpointProperties
                        .filter(name -> !UpstreamNames.covers(name)) // read by UpstreamNames
                        .map(BulwarkSettingsBinding::withoutIndex)
                        .filter(name -> !known.contains(name))
                        .forEach(refused::add);
            }
            for (ConfigurationPropertyName name : refused) {
                String property = name.toString();
                String path = property.substring(PREFIX.length());
                String reason = BulwarkPropertyKeys.serverJarOnly(path)
                        .map(why -> "is a key of the server jar the starter does not read: " + why)
                        .orElseGet(() -> "is not a Bulwark property" + Suggestions.didYouMean(property, candidates));
                problems.add(line(property, reason));
            }
        }

        private BulwarkSettings springRedis(BulwarkSettings settings) {
            Optional<String> url;
            try {
                url = SpringRedisUrl.of(binder);
            } catch (ConfigProblemException e) {
                problems.add(line(e.problem().path(), e.problem().detail()));
                return settings;
            }
            if (url.isEmpty()) {
                return settings;
            }
            try {
                return settings.withRedis(settings.redis().toBuilder().url(url).build());
            } catch (IllegalArgumentException e) {
                problems.add(line(SpringRedisUrl.URL, "is not a Redis URL Bulwark can use: " + withoutValue(e)));
                return settings;
            }
        }

        /**
         * Refuses a Redis URL the adapter cannot use, as the server jar does before it connects, and a Redis without
         * the client Bulwark's adapter runs on: the starter leaves Jedis to the application, so that one without Redis
         * has none, and a Redis Bulwark silently left for in-memory stores would split the rate limits per instance.
         */
        private void checkRedisUrl(RedisSettings redis, boolean given) {
            if (!redis.configured()) {
                return;
            }
            String property = given ? BulwarkPropertyKeys.property(RedisKeys.REDIS_URL) : SpringRedisUrl.URL;
            if (!RedisClientPresence.present()) {
                problems.add(line(property, RedisClientPresence.MISSING));
                return;
            }
            try {
                RedisConnection.builder(redis);
            } catch (IllegalArgumentException e) {
                problems.add(line(property, withoutValue(e)));
            }
        }

        private String line(ConfigKey<?, ?> key, String reason) {
            return line(BulwarkPropertyKeys.property(key), reason);
        }

        /** {@code property (origin): reason}, as the server jar writes {@code key (source): reason}. */
        private String line(String property, String reason) {
            return origin(property)
                    .map(origin -> property + " (" + origin + "): " + reason)
                    .orElse(property + ": " + reason);
        }

        /** Where the property was set, when Spring knows (a file and line, an environment variable). */
        private Optional<String> origin(String property) {
            if (!ConfigurationPropertyName.isValid(property)) {
                return Optional.empty();
            }
            ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
                ConfigurationProperty found = source.getConfigurationProperty(name);
                if (found != null) {
                    return Optional.ofNullable(found.getOrigin()).map(Object::toString);
                }
            }
            return Optional.empty();
        }
    }

    /** {@code name} without the list indices Spring's names give a list's items ({@code bulwark.http.scopes[0]}). */
    private static ConfigurationPropertyName withoutIndex(ConfigurationPropertyName name) {
        ConfigurationPropertyName plain = name;
        while (plain.isLastElementIndexed()) {
            plain = plain.getParent();
        }
        return plain;
    }

    /** A record's reason for refusing a value that is not secret, without the key it names. */
    private static String rejectionOf(IllegalArgumentException e) {
        return e instanceof ConfigProblemException refusal
                ? refusal.problem().detail()
                : String.valueOf(e.getMessage());
    }

    /** The key a refusal names ({@link ConfigProblemException}); else {@code key}'s path. */
    private static String blamed(IllegalArgumentException e, ConfigKey<?, ?> key) {
        return e instanceof ConfigProblemException refusal ? refusal.problem().path() : key.path();
    }

    /**
     * Why a record refused a value: its problem without the key, or, for a secret key refused otherwise, a message
     * that says nothing about the value (a message that is no {@link ConfigProblem} may quote it).
     */
    private static String rejection(ConfigKey<?, ?> key, IllegalArgumentException e) {
        if (e instanceof ConfigProblemException refusal) {
            return refusal.problem().detail();
        }
        if (key.secret()) {
            return "the value is not valid (details withheld: the key is secret)";
        }
        return String.valueOf(e.getMessage());
    }

    /** A Redis URL's problem: the adapter's messages never quote the URL; any other is withheld. */
    private static String withoutValue(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof ConfigProblemException refusal) {
            return refusal.problem().detail();
        }
        return message.startsWith("redis URL ")
                ? message
                : "the value is not valid (details withheld: it may hold a password)";
    }

    /** The value as a message may show it: quoted and shortened, or not at all for a secret key. */
    private static String quote(ConfigKey<?, ?> key, String text) {
        if (key.secret()) {
            return "the value";
        }
        String printable = text.strip().replaceAll("\\p{Cntrl}", "?");
        return "'" + (printable.length() > 60 ? printable.substring(0, 57) + "..." : printable) + "'";
    }
}
