package dev.bulwark.serve;

import dev.bulwark.core.config.AuthSettings;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.HttpSettings;
import dev.bulwark.core.config.Secret;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpServerSettings;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.auth.JwtSettings;
import dev.bulwark.ports.security.Principal;
import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HTTP adapter's view of a {@link BulwarkConfig}: where to listen and how the edge behaves ({@code http.*},
 * {@code limits.max-request-size}), and how callers authenticate ({@code auth.*}). Stateless.
 */
public final class HttpConfiguration {

    private HttpConfiguration() {
    }

    /** The adapter's settings of {@code config}: management port 0 means the MCP port. */
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

    /**
     * The adapter's authentication for a server bound to {@code host}: off unless {@code auth.mode} requires it
     * there; else {@code apiKeys}, the JWT verification of {@code auth.*}, the resource identity, and the scopes each
     * tool of {@code features} requires.
     *
     * @param extraScopes scopes a tool checks inside its handler rather than up front, to advertise as supported
     */
    public static HttpAuthSettings authOf(BulwarkConfig config, String host, ServerFeatures features, ApiKeys apiKeys,
            Collection<String> extraScopes) {
        AuthSettings auth = config.auth();
        if (!auth.requiredFor(host)) {
            return HttpAuthSettings.off();
        }
        Map<String, Set<String>> toolScopes = new HashMap<>();
        Set<String> allScopes = new TreeSet<>(extraScopes);
        features.tools().forEach(tool -> {
            toolScopes.put(tool.name(), tool.requiredScopes());
            allScopes.addAll(tool.requiredScopes());
        });
        HttpAuthSettings.Builder builder = HttpAuthSettings.builder()
                .apiKeys(apiKeys)
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
}
