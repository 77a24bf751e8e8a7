package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.bulwark.bootstrap.config.ApiKeysFile;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.AuthSettings;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.HttpSettings;
import dev.bulwark.core.config.Secret;
import dev.bulwark.core.presentation.tool.ServerFeatures;
import dev.bulwark.core.presentation.tools.sql.SqlTools;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpServerSettings;
import dev.bulwark.http.McpHttpServer;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.auth.JwtSettings;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Singleton;

/**
 * The Streamable HTTP transport: the configuration mapped onto the adapter's settings, the server's health and
 * Prometheus metrics behind the ports the adapter reads, and the adapter's meters in the registry (only when HTTP
 * is enabled, so a stdio server publishes no HTTP meters).
 */
@Module
public interface HttpModule {

    @Provides
    @Singleton
    static HttpMetrics httpMetrics() {
        return new HttpMetrics();
    }

    @Provides
    @ElementsIntoSet
    static Set<MeterBinder> httpMeters(BulwarkConfig config, HttpMetrics metrics) {
        return config.http().enabled() ? Set.of(metrics) : Set.of();
    }

    @Provides
    @Singleton
    static MetricsExposition metricsExposition(PrometheusMeterRegistry registry) {
        return new PrometheusExposition(registry);
    }

    @Provides
    @Singleton
    static McpHttpServer httpServer(BulwarkConfig config, McpJsonMapper jsonMapper, Bulwark bulwark,
            MetricsExposition metrics, HttpMetrics httpMetrics, Ticker ticker) {
        AdapterConfigCheck.checkAllowedOrigins(config);
        return McpHttpServer.create(settingsOf(config), authOf(config, bulwark.features()), jsonMapper,
                bulwark.health(), metrics, httpMetrics, ticker);
    }

    /**
     * The adapter's view of authentication: off unless {@code auth.mode} requires it for this bind; else the API
     * keys from their file, the JWT verification, the resource identity and the scopes each tool requires.
     *
     * @throws dev.bulwark.bootstrap.config.StartupConfigException when the API keys file cannot be used
     */
    public static HttpAuthSettings authOf(BulwarkConfig config, ServerFeatures features) {
        AuthSettings auth = config.auth();
        if (!auth.requiredFor(config.http().host())) {
            return HttpAuthSettings.off();
        }
        Map<String, Set<String>> toolScopes = new HashMap<>();
        Set<String> allScopes = new TreeSet<>();
        features.tools().forEach(tool -> {
            toolScopes.put(tool.name(), tool.requiredScopes());
            allScopes.addAll(tool.requiredScopes());
        });
        if (config.database().allowWrites()) {
            allScopes.add(SqlTools.WRITE_SCOPE); // execute_query checks it per statement, not per tool
        }
        HttpAuthSettings.Builder builder = HttpAuthSettings.builder()
                .apiKeys(auth.apiKeysFile().map(Path::of).map(ApiKeysFile::read).orElse(ApiKeys.none()))
                .authorizationServers(auth.authorizationServers().isEmpty()
                        ? auth.issuer().map(List::of).orElse(List.of())
                        : auth.authorizationServers())
                .scopesSupported(List.copyOf(allScopes))
                .failuresPerMinute(auth.failureLimit())
                .maxSessionsPerCaller(config.http().maxSessionsPerCaller())
                .trustedProxies(auth.trustedProxies())
                .toolScopes(name -> Optional.ofNullable(toolScopes.get(name)));
        auth.resourceUrl().ifPresent(builder::resourceUrl);
        if (auth.jwtSecret().isPresent() || auth.jwksUrl().isPresent()) {
            builder.jwt(new JwtSettings(auth.jwtSecret().map(Secret::reveal), auth.jwksUrl().map(URI::create),
                    auth.issuer().orElseThrow(), auth.resourceUrl().orElseThrow(), auth.clockSkew()));
        }
        return builder.build();
    }

    /** The adapter's view of the configuration: management port 0 means the MCP port. */
    public static HttpServerSettings settingsOf(BulwarkConfig config) {
        HttpSettings http = config.http();
        return new HttpServerSettings(
                http.host(),
                http.port(),
                http.managementPort() == 0 ? HttpServerSettings.SAME_PORT : http.managementPort(),
                http.mode() == HttpSettings.Mode.STATELESS ? HttpMode.STATELESS : HttpMode.STATEFUL,
                http.allowedOrigins(),
                http.allowedHosts(),
                http.sessionIdleTimeout(),
                http.maxSessions(),
                http.idleTimeout(),
                http.maxConnections(),
                Math.min(Integer.MAX_VALUE, config.limits().maxRequestBytes()),
                new Principal(http.principal(), http.scopes()));
    }
}
