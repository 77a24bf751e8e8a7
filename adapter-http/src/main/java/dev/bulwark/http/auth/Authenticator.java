package dev.bulwark.http.auth;

import dev.bulwark.ports.security.Principal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request's credential (a JWT, a bearer API key or {@code X-API-Key}) and checks it. Thread-safe.
 */
public final class Authenticator {

    /** The API key header. */
    public static final String API_KEY_HEADER = "X-API-Key";

    private static final String BEARER = "bearer ";

    private final ApiKeys apiKeys;
    private final Optional<BearerTokenVerifier> jwt;

    /** @param jwt what verifies bearer tokens shaped as JWTs; empty when the server accepts none */
    public Authenticator(ApiKeys apiKeys, Optional<BearerTokenVerifier> jwt) {
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.jwt = Objects.requireNonNull(jwt, "jwt");
    }

    /** Whether the query string names {@code access_token}, percent-encoded or not ({@code access%5Ftoken}). */
    private static boolean carriesAccessToken(String query) {
        String decoded;
        try {
            decoded = URLDecoder.decode(query, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            decoded = query;
        }
        return decoded.toLowerCase(Locale.ROOT).contains("access_token=")
                || query.toLowerCase(Locale.ROOT).contains("access_token=");
    }

    /** Checks the one credential {@code request} carries (an API key or a bearer token), and says whose it is. */
    public AuthResult authenticate(Request request) {
        HttpFields headers = request.getHeaders();
        return authenticate(
                request.getHttpURI().getQuery(),
                headers.getValuesList("Authorization"),
                headers.getValuesList(API_KEY_HEADER));
    }

    /** As {@link #authenticate(Request)}, from the query string and the two headers as the request carries them. */
    AuthResult authenticate(String query, List<String> authorizations, List<String> apiKeys) {
        if (query != null && carriesAccessToken(query)) {
            return new AuthResult.Malformed("Tokens are accepted only in the Authorization header, never in the"
                    + " query string; remove access_token from the URL (and treat that token as exposed)");
        }
        if (authorizations.size() > 1 || apiKeys.size() > 1) {
            // which of two credentials would count is not for us to guess
            return new AuthResult.Malformed(
                    "Send one credential: the Authorization or X-API-Key header appears" + " more than once");
        }
        String authorization = authorizations.isEmpty() ? null : authorizations.get(0);
        String apiKey = apiKeys.isEmpty() ? null : apiKeys.get(0);
        if (authorization != null && apiKey != null) {
            return new AuthResult.Malformed(
                    "Send one credential: either Authorization: Bearer or X-API-Key," + " not both");
        }
        if (apiKey != null) {
            return checkApiKey(apiKey.trim());
        }
        if (authorization == null
                || authorization.isBlank()
                || authorization.trim().equalsIgnoreCase(BEARER.trim())) { // "Bearer " reaches here trimmed
            return new AuthResult.Missing();
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return new AuthResult.Malformed("Use the Bearer scheme: Authorization: Bearer <token or API key>");
        }
        String token = authorization.substring(BEARER.length()).trim();
        if (token.isEmpty()) {
            return new AuthResult.Missing();
        }
        return looksLikeJwt(token) ? checkJwt(token) : checkApiKey(token);
    }

    private AuthResult checkApiKey(String key) {
        return apiKeys.authenticate(key)
                .<AuthResult>map(AuthResult.Authenticated::new)
                .orElseGet(() ->
                        new AuthResult.Rejected(new TokenRejectedException("unknown_key", "the API key is not valid")));
    }

    private AuthResult checkJwt(String token) {
        if (jwt.isEmpty()) {
            return new AuthResult.Rejected(new TokenRejectedException(
                    "jwt_not_accepted", "this server does not accept JWT bearer tokens; use an API key"));
        }
        try {
            Principal principal = jwt.get().verify(token);
            // Callers are told apart by subject (sessions, rate limits, private cache entries): a token must never
            // stand in for a key.
            if (apiKeys.ownsSubject(principal.subject())) {
                return new AuthResult.Rejected(new TokenRejectedException(
                        "subject_taken",
                        "the bearer token's subject is taken by another kind of credential on this server"));
            }
            return new AuthResult.Authenticated(principal);
        } catch (TokenRejectedException e) {
            return new AuthResult.Rejected(e);
        }
    }

    private static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first;
    }
}
