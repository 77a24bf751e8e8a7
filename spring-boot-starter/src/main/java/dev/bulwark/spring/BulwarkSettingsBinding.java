package dev.bulwark.spring;

import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.StdioSettings;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads the starter's {@code bulwark.*} properties from the Spring environment into Bulwark's settings records: the
 * server jar's key names under the {@code bulwark.} prefix ({@code bulwark.http.port} is the server jar's
 * {@code http.port}). The whole mapping is this class, so it can give way to the server jar's key tables. Stateless.
 */
public final class BulwarkSettingsBinding {

    /** The prefix of every key the starter reads. */
    public static final String PREFIX = "bulwark.";

    /** The key of the transport: {@code http} (default), {@code stdio} or {@code none}. */
    public static final String TRANSPORT = PREFIX + "transport";

    /**
     * The MCP port when {@code bulwark.http.port} is not set: the server jar's 8080 is the port an application's own
     * web server takes by default.
     */
    public static final int DEFAULT_HTTP_PORT = 8081;

    private final Binder binder;

    private BulwarkSettingsBinding(Binder binder) {
        this.binder = binder;
    }

    /** The binding of {@code environment}'s properties. */
    public static BulwarkSettingsBinding of(Environment environment) {
        return new BulwarkSettingsBinding(Binder.get(environment));
    }

    /** {@code bulwark.transport}. */
    public Transport transport() {
        return binder.bind(TRANSPORT, String.class)
                .map(BulwarkSettingsBinding::transportOf)
                .orElse(Transport.HTTP);
    }

    static Transport transportOf(String text) {
        try {
            return Transport.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TRANSPORT + " must be http, stdio or none, was '" + text + "'");
        }
    }

    /** The core's settings: {@code bulwark.server.*} and {@code bulwark.stdio.*}; the rest at their defaults. */
    public BulwarkConfig core() {
        BulwarkConfig defaults = BulwarkConfig.defaults();
        ServerSettings server = defaults.server();
        server = string("server.name").map(server::withName).orElse(server);
        server = string("server.version").map(server::withVersion).orElse(server);
        server = string("server.environment").map(server::withEnvironment).orElse(server);
        StdioSettings stdio = new StdioSettings(
                string("stdio.principal").orElse(defaults.stdio().principal()),
                scopes("stdio.scopes").orElse(defaults.stdio().scopes()));
        return defaults.toBuilder().server(server).stdio(stdio).build();
    }

    /** {@code bulwark.http.*}: the server jar's HTTP settings, with {@link #DEFAULT_HTTP_PORT}. */
    public HttpSettings http() {
        HttpSettings.Builder http = HttpSettings.defaults().toBuilder().port(DEFAULT_HTTP_PORT);
        set(string("http.host"), http::host);
        set(integer("http.port"), http::port);
        set(integer("http.management-port"), http::managementPort);
        set(string("http.mode").map(BulwarkSettingsBinding::modeOf), http::mode);
        set(strings("http.allowed-origins"), http::allowedOrigins);
        set(strings("http.allowed-hosts"), http::allowedHosts);
        set(duration("http.session-idle-timeout"), http::sessionIdleTimeout);
        set(integer("http.max-sessions"), http::maxSessions);
        set(integer("http.max-sessions-per-caller"), http::maxSessionsPerCaller);
        set(integer("http.max-sessions-per-address"), http::maxSessionsPerAddress);
        set(duration("http.idle-timeout"), http::idleTimeout);
        set(integer("http.max-connections"), http::maxConnections);
        set(integer("http.max-connections-per-address"), http::maxConnectionsPerAddress);
        set(duration("http.request-head-timeout"), http::requestHeadTimeout);
        set(duration("http.drain-grace"), http::drainGrace);
        set(duration("http.close-grace"), http::closeGrace);
        set(string("http.principal"), http::principal);
        set(scopes("http.scopes"), http::scopes);
        return http.build();
    }

    /** {@code bulwark.auth.*}: how HTTP callers authenticate. */
    public AuthSettings auth() {
        AuthSettings.Builder auth = AuthSettings.defaults().toBuilder();
        set(string("auth.mode").map(text -> parsed("auth.mode", text, AuthSettings.Mode::parse)), auth::mode);
        set(string("auth.api-keys-file").map(Optional::of), auth::apiKeysFile);
        set(string("auth.jwt-secret").map(Optional::of), auth::jwtSecret);
        set(string("auth.jwks-url").map(Optional::of), auth::jwksUrl);
        set(string("auth.issuer").map(Optional::of), auth::issuer);
        set(string("auth.resource-url").map(Optional::of), auth::resourceUrl);
        set(strings("auth.authorization-servers"), auth::authorizationServers);
        set(duration("auth.clock-skew"), auth::clockSkew);
        set(integer("auth.failure-limit"), auth::failureLimit);
        return auth.build();
    }

    private static HttpMode modeOf(String text) {
        try {
            return HttpMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "http.mode must be stateful or stateless, was '" + text + "'");
        }
    }

    /** {@code text} parsed, or an exception naming {@code key} with the parser's reason. */
    private static <T> T parsed(String key, String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + key + " " + e.getMessage() + ", was '" + text + "'");
        }
    }

    private static <T> void set(Optional<T> value, Consumer<T> setter) {
        value.ifPresent(setter);
    }

    private Optional<String> string(String key) {
        return Optional.ofNullable(
                binder.bind(PREFIX + key, String.class).map(String::trim).orElse(null));
    }

    private Optional<Integer> integer(String key) {
        return Optional.ofNullable(binder.bind(PREFIX + key, Integer.class).orElse(null));
    }

    /** A duration as Spring writes it ({@code 20s}, {@code PT20S}, or milliseconds). */
    private Optional<Duration> duration(String key) {
        return Optional.ofNullable(binder.bind(PREFIX + key, Duration.class).orElse(null));
    }

    private Optional<List<String>> strings(String key) {
        return Optional.ofNullable(
                binder.bind(PREFIX + key, Bindable.listOf(String.class)).orElse(null));
    }

    private Optional<Set<String>> scopes(String key) {
        return strings(key).map(LinkedHashSet::new);
    }
}
