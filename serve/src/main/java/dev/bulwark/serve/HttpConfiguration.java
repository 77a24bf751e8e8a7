package dev.bulwark.serve;

import dev.bulwark.core.Tool;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.BearerTokenVerifier;
import dev.bulwark.http.auth.HttpAuthSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gives the HTTP adapter's authentication the scopes of one server's tools. Stateless.
 */
public final class HttpConfiguration {

    private HttpConfiguration() {}

    /**
     * The adapter's authentication for a server bound to {@code host} ({@link HttpAuthSettings#of}), with the scopes
     * each of {@code tools} requires.
     *
     * @param extraScopes scopes a tool checks inside its handler rather than up front, to advertise as supported
     */
    public static HttpAuthSettings authOf(
            AuthSettings auth,
            String host,
            Collection<? extends Tool<?, ?>> tools,
            ApiKeys apiKeys,
            Collection<String> extraScopes) {
        return authOf(auth, host, tools, apiKeys, Optional.empty(), extraScopes);
    }

    /**
     * As {@link #authOf(AuthSettings, String, Collection, ApiKeys, Collection)}, with {@code tokenVerifier} verifying
     * bearer JWTs in place of the settings' JWT verification.
     */
    public static HttpAuthSettings authOf(
            AuthSettings auth,
            String host,
            Collection<? extends Tool<?, ?>> tools,
            ApiKeys apiKeys,
            Optional<BearerTokenVerifier> tokenVerifier,
            Collection<String> extraScopes) {
        Map<String, Set<String>> toolScopes = new HashMap<>();
        Set<String> allScopes = new TreeSet<>(extraScopes);
        tools.forEach(tool -> {
            toolScopes.put(tool.name(), tool.requiredScopes());
            allScopes.addAll(tool.requiredScopes());
        });
        return HttpAuthSettings.of(
                auth,
                host,
                apiKeys,
                tokenVerifier,
                name -> Optional.ofNullable(toolScopes.get(name)),
                List.copyOf(allScopes));
    }
}
