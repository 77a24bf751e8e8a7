package dev.bulwark.http.auth;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.Exchange;
import dev.bulwark.ports.security.Principal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Lets a request to {@code /mcp} through only with a valid credential, and puts its {@link Principal} on the request
 * ({@link #principalOf}) for the session binding and the MCP transport context. Without a credential: 401 with a
 * {@code WWW-Authenticate: Bearer} challenge naming the protected resource metadata; with a refused one: 401 and
 * {@code error="invalid_token"}; with one sent the wrong way: 400 and {@code error="invalid_request"}; when the
 * token's signing keys cannot be fetched: 503 (the client's token may be fine, so it is not told to get another). A
 * client address ({@link ClientAddresses}) that keeps failing gets 429 with {@code Retry-After}
 * ({@link AuthFailureLimiter}). Every refusal is a JSON-RPC error body and one line on the {@code dev.bulwark.audit}
 * logger, which never holds the credential. Thread-safe.
 */
public final class AuthenticationFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String PRINCIPAL_ATTRIBUTE = Principal.class.getName();

    private final transient Authenticator authenticator;
    private final transient AuthFailureLimiter failures;
    private final transient ResourceIdentity resource;
    private final transient ClientAddresses clients;

    /**
     * @param clients tells which client address a request comes from (the connection's, or behind a trusted proxy
     *     the one it forwarded): failed attempts are limited, and refusals audited, per that address
     */
    public AuthenticationFilter(Authenticator authenticator, AuthFailureLimiter failures, ResourceIdentity resource,
            ClientAddresses clients) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /** The principal this filter authenticated for {@code request}, or {@code null}. */
    public static Principal principalOf(ServletRequest request) {
        return request.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof Principal principal ? principal : null;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String client = clients.of(request);
        Duration blocked = failures.blockedFor(client);
        if (!blocked.isZero()) {
            Exchange.of(request).refuse("auth_rate_limited");
            HttpAudit.authenticationRefused(client, "rate_limited", null);
            response.setHeader("Retry-After", String.valueOf(Math.max(1, (blocked.toMillis() + 999) / 1000)));
            JsonRpcErrors.send(response, 429, JsonRpcErrors.SERVER_UNAVAILABLE,
                    "Too many failed authentication attempts from this client; retry after the time in Retry-After");
            return;
        }
        AuthResult result = authenticator.authenticate(request);
        if (result instanceof AuthResult.Authenticated authenticated) {
            request.setAttribute(PRINCIPAL_ATTRIBUTE, authenticated.principal());
            chain.doFilter(request, response);
        } else if (result instanceof AuthResult.Malformed malformed) {
            failures.failed(client);
            Exchange.of(request).refuse("bad_credentials");
            HttpAudit.authenticationRefused(client, "malformed", null);
            response.setHeader("WWW-Authenticate", BearerChallenge.error("invalid_request", malformed.message(),
                    resource.metadataUrl(request)));
            JsonRpcErrors.send(response, 400, JsonRpcErrors.INVALID_REQUEST, "Bad request: " + malformed.message());
        } else if (result instanceof AuthResult.Rejected rejected
                && TokenRejectedException.KEYS_UNAVAILABLE.equals(rejected.cause().reason())) {
            Exchange.of(request).refuse("keys_unavailable");
            HttpAudit.authenticationRefused(client, "unavailable", rejected.cause().reason());
            response.setHeader("Retry-After", "5");
            JsonRpcErrors.send(response, 503, JsonRpcErrors.SERVER_UNAVAILABLE, "Service unavailable: "
                    + rejected.cause().getMessage());
        } else if (result instanceof AuthResult.Rejected rejected) {
            failures.failed(client);
            Exchange.of(request).refuse("bad_credentials");
            HttpAudit.authenticationRefused(client, "rejected", rejected.cause().reason());
            response.setHeader("WWW-Authenticate", BearerChallenge.error("invalid_token",
                    rejected.cause().getMessage(), resource.metadataUrl(request)));
            JsonRpcErrors.send(response, 401, JsonRpcErrors.UNAUTHORIZED,
                    "Unauthorized: " + rejected.cause().getMessage());
        } else {
            Exchange.of(request).refuse("unauthenticated");
            response.setHeader("WWW-Authenticate", BearerChallenge.missing(resource.metadataUrl(request)));
            JsonRpcErrors.send(response, 401, JsonRpcErrors.UNAUTHORIZED, "Unauthorized: send"
                    + " Authorization: Bearer <token> (a JWT or an API key); the WWW-Authenticate header names"
                    + " the metadata that says where to get a token");
        }
    }
}
