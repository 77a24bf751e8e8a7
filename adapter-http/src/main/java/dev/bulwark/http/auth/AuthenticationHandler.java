package dev.bulwark.http.auth;

import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/**
 * Lets a request to {@code /mcp} through only with a valid credential. Thread-safe.
 */
public final class AuthenticationHandler extends EdgeHandler {

    private final CredentialGate gate;
    private final ResourceIdentity resource;
    private final ClientAddresses clients;

    /** @param clients tells which client address a request comes from, for the failure limit and the audit */
    public AuthenticationHandler(
            Authenticator authenticator,
            AuthFailureLimiter failures,
            ResourceIdentity resource,
            ClientAddresses clients) {
        this.gate = new CredentialGate(authenticator, failures);
        this.resource = Objects.requireNonNull(resource, "resource");
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        Request request = exchange.request();
        HttpFields headers = request.getHeaders();
        CredentialGate.Decision decision = gate.decide(
                clients.of(request),
                request.getHttpURI().getQuery(),
                headers.getValuesList("Authorization"),
                headers.getValuesList(Authenticator.API_KEY_HEADER),
                () -> resource.metadataUrl(request));
        if (decision instanceof CredentialGate.Admitted admitted) {
            exchange.authenticated(admitted.principal());
            return true;
        }
        CredentialGate.Refused refused = (CredentialGate.Refused) decision;
        HttpFields.Mutable answer = exchange.response().getHeaders();
        refused.headers().forEach(answer::put);
        exchange.refuse(refused.status(), refused.errorType(), refused.code(), refused.message());
        return false;
    }
}
