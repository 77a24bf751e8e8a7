package dev.bulwark.http.auth;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Admits a request to the MCP endpoint by its one credential, or says how to refuse it, with the failure limit and the
 * audit line, whatever web server carries the request. Thread-safe.
 */
public final class CredentialGate {

    private final Authenticator authenticator;
    private final AuthFailureLimiter failures;

    public CredentialGate(Authenticator authenticator, AuthFailureLimiter failures) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    /** What a request gets: its caller, or a refusal. */
    public sealed interface Decision permits Admitted, Refused {}

    /** The request carries a valid credential of {@code principal}. */
    public record Admitted(Principal principal) implements Decision {}

    /**
     * How to answer a refused request: {@code status} with the JSON-RPC error {@code code} and {@code message}, these
     * {@code headers}, counted as {@code errorType}.
     */
    public record Refused(int status, String errorType, int code, String message, Map<String, String> headers)
            implements Decision {
        public Refused {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * Checks the credential of a request from {@code client} (an address, as {@link ClientAddresses} tells it).
     *
     * @param query the request's query string, or {@code null}
     * @param authorizations every {@code Authorization} header of the request
     * @param apiKeys every {@code X-API-Key} header of the request
     * @param metadataUrl where the protected resource metadata of the endpoint lives
     */
    public Decision decide(
            String client,
            String query,
            List<String> authorizations,
            List<String> apiKeys,
            Supplier<String> metadataUrl) {
        Optional<Refused> blocked = blocked(client);
        if (blocked.isPresent()) {
            return blocked.get();
        }
        AuthResult result = authenticator.authenticate(query, authorizations, apiKeys);
        if (result instanceof AuthResult.Authenticated authenticated) {
            return new Admitted(authenticated.principal());
        }
        if (result instanceof AuthResult.Malformed malformed) {
            // Not counted as a failed authentication: no credential was checked, so nothing was guessed, and a
            // cross-site page (an <img> to ?access_token=x) could otherwise get its visitors' address blocked.
            HttpAudit.authenticationRefused(client, "malformed", null);
            return new Refused(
                    400,
                    "bad_credentials",
                    JsonRpcErrors.INVALID_REQUEST,
                    "Bad request: " + malformed.message(),
                    Map.of(
                            "WWW-Authenticate",
                            BearerChallenge.error("invalid_request", malformed.message(), metadataUrl.get())));
        }
        if (result instanceof AuthResult.Rejected rejected) {
            return rejected(client, rejected.cause(), metadataUrl.get());
        }
        return missing(client, metadataUrl.get());
    }

    /** The 429 of a {@code client} that failed too often this minute; empty when its credentials may be checked. */
    public Optional<Refused> blocked(String client) {
        Duration blocked = failures.blockedFor(client);
        if (blocked.isZero()) {
            return Optional.empty();
        }
        HttpAudit.authenticationBlocked(client);
        return Optional.of(new Refused(
                429,
                "auth_rate_limited",
                JsonRpcErrors.SERVER_UNAVAILABLE,
                "Too many failed authentication attempts from this client; retry after the time in Retry-After",
                Map.of("Retry-After", String.valueOf(Math.max(1, (blocked.toMillis() + 999) / 1000)))));
    }

    /**
     * The refusal of a credential that was checked and found wanting, counted against {@code client}'s failure limit
     * unless the keys to check it could not be had (then 503).
     */
    public Refused rejected(String client, TokenRejectedException cause, String metadataUrl) {
        if (TokenRejectedException.KEYS_UNAVAILABLE.equals(cause.reason())) {
            HttpAudit.authenticationRefused(client, "unavailable", cause.reason());
            return new Refused(
                    503,
                    "keys_unavailable",
                    JsonRpcErrors.SERVER_UNAVAILABLE,
                    "Service unavailable: " + cause.getMessage(),
                    Map.of("Retry-After", "5"));
        }
        failures.failed(client);
        HttpAudit.authenticationRefused(client, "rejected", cause.reason());
        return new Refused(
                401,
                "bad_credentials",
                JsonRpcErrors.UNAUTHORIZED,
                "Unauthorized: " + cause.getMessage(),
                Map.of("WWW-Authenticate", BearerChallenge.error("invalid_token", cause.getMessage(), metadataUrl)));
    }

    /** The refusal of a request from {@code client} that carries no credential. */
    public Refused missing(String client, String metadataUrl) {
        HttpAudit.authenticationRefused(client, "missing", null);
        return new Refused(
                401,
                "unauthenticated",
                JsonRpcErrors.UNAUTHORIZED,
                "Unauthorized: send Authorization: Bearer <token> (a JWT or an API key); the WWW-Authenticate header"
                        + " names the metadata that says where to get a token",
                Map.of("WWW-Authenticate", BearerChallenge.missing(metadataUrl)));
    }
}
