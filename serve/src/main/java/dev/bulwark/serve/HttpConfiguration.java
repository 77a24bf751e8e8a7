package dev.bulwark.serve;

import dev.bulwark.core.Tool;
import dev.bulwark.core.config.Secret;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.auth.JwtSettings;
import dev.bulwark.serve.config.AuthSettings;
import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves how callers authenticate ({@link AuthSettings}) into the HTTP adapter's authentication for one bound host
 * and one server's tools. Stateless.
 */
public final class HttpConfiguration {

    private HttpConfiguration() {}

    /**
     * Whether callers of a server bound to {@code host} must authenticate: as {@link AuthSettings#requiredFor} says,
     * where {@code apiKeys} given beside {@code auth} count as a configured credential.
     */
    public static boolean authenticates(AuthSettings auth, String host, ApiKeys apiKeys) {
        return auth.requiredFor(host) || auth.mode() == AuthSettings.Mode.AUTO && !apiKeys.isEmpty();
    }

    /**
     * The adapter's authentication for a server bound to {@code host}: off unless {@link #authenticates} says it is
     * on; else {@code apiKeys}, the JWT verification of {@code auth}, the resource identity, and the scopes each of
     * {@code tools} requires.
     *
     * @param extraScopes scopes a tool checks inside its handler rather than up front, to advertise as supported
     */
    public static HttpAuthSettings authOf(
            AuthSettings auth,
            String host,
            Collection<? extends Tool<?, ?>> tools,
            ApiKeys apiKeys,
            Collection<String> extraScopes) {
        if (!authenticates(auth, host, apiKeys)) {
            return HttpAuthSettings.off();
        }
        Map<String, Set<String>> toolScopes = new HashMap<>();
        Set<String> allScopes = new TreeSet<>(extraScopes);
        tools.forEach(tool -> {
            toolScopes.put(tool.name(), tool.requiredScopes());
            allScopes.addAll(tool.requiredScopes());
        });
        HttpAuthSettings.Builder builder = HttpAuthSettings.builder()
                .apiKeys(apiKeys)
                .authorizationServers(
                        auth.authorizationServers().isEmpty()
                                ? auth.issuer().map(List::of).orElse(List.of())
                                : auth.authorizationServers())
                .scopesSupported(List.copyOf(allScopes))
                .failuresPerMinute(auth.failureLimit())
                .trustedProxies(auth.trustedProxies())
                .toolScopes(name -> Optional.ofNullable(toolScopes.get(name)));
        auth.resourceUrl().ifPresent(builder::resourceUrl);
        if (auth.jwtSecret().isPresent() || auth.jwksUrl().isPresent()) {
            builder.jwt(new JwtSettings(
                    auth.jwtSecret().map(Secret::reveal),
                    auth.jwksUrl().map(URI::create),
                    auth.issuer().orElseThrow(),
                    auth.resourceUrl().orElseThrow(),
                    auth.clockSkew()));
        }
        return builder.build();
    }
}
