package dev.bulwark.http.auth;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;

/**
 * Lets a request to {@code /mcp} through only with a valid credential. Thread-safe.
 */
public final class AuthenticationHandler extends EdgeHandler {

    private final Authenticator authenticator;
    private final AuthFailureLimiter failures;
    private final ResourceIdentity resource;
    private final ClientAddresses clients;

    /** @param clients tells which client address a request comes from, for the failure limit and the audit */
    public AuthenticationHandler(
            Authenticator authenticator,
            AuthFailureLimiter failures,
            ResourceIdentity resource,
            ClientAddresses clients) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        String client = clients.of(exchange.request());
        HttpFields.Mutable headers = exchange.response().getHeaders();
        Duration blocked = failures.blockedFor(client);
        if (!blocked.isZero()) {
            HttpAudit.authenticationBlocked(client);
            headers.put("Retry-After", String.valueOf(Math.max(1, (blocked.toMillis() + 999) / 1000)));
            exchange.refuse(
                    429,
                    "auth_rate_limited",
                    JsonRpcErrors.SERVER_UNAVAILABLE,
                    "Too many failed authentication attempts from this client; retry after the time in Retry-After");
            return false;
        }
        AuthResult result = authenticator.authenticate(exchange.request());
        if (result instanceof AuthResult.Authenticated authenticated) {
            exchange.authenticated(authenticated.principal());
            return true;
        }
        if (result instanceof AuthResult.Malformed malformed) {
            // Not counted as a failed authentication: no credential was checked, so nothing was guessed, and a
            // cross-site page (an <img> to ?access_token=x) could otherwise get its visitors' address blocked.
            HttpAudit.authenticationRefused(client, "malformed", null);
            headers.put(
                    "WWW-Authenticate",
                    BearerChallenge.error(
                            "invalid_request", malformed.message(), resource.metadataUrl(exchange.request())));
            exchange.refuse(
                    400, "bad_credentials", JsonRpcErrors.INVALID_REQUEST, "Bad request: " + malformed.message());
        } else if (result instanceof AuthResult.Rejected rejected
                && TokenRejectedException.KEYS_UNAVAILABLE.equals(
                        rejected.cause().reason())) {
            HttpAudit.authenticationRefused(
                    client, "unavailable", rejected.cause().reason());
            headers.put("Retry-After", "5");
            exchange.refuse(
                    503,
                    "keys_unavailable",
                    JsonRpcErrors.SERVER_UNAVAILABLE,
                    "Service unavailable: " + rejected.cause().getMessage());
        } else if (result instanceof AuthResult.Rejected rejected) {
            failures.failed(client);
            HttpAudit.authenticationRefused(client, "rejected", rejected.cause().reason());
            headers.put(
                    "WWW-Authenticate",
                    BearerChallenge.error(
                            "invalid_token", rejected.cause().getMessage(), resource.metadataUrl(exchange.request())));
            exchange.refuse(
                    401,
                    "bad_credentials",
                    JsonRpcErrors.UNAUTHORIZED,
                    "Unauthorized: " + rejected.cause().getMessage());
        } else {
            HttpAudit.authenticationRefused(client, "missing", null);
            headers.put("WWW-Authenticate", BearerChallenge.missing(resource.metadataUrl(exchange.request())));
            exchange.refuse(
                    401,
                    "unauthenticated",
                    JsonRpcErrors.UNAUTHORIZED,
                    "Unauthorized: send"
                            + " Authorization: Bearer <token> (a JWT or an API key); the WWW-Authenticate header names"
                            + " the metadata that says where to get a token");
        }
        return false;
    }
}
