package dev.bulwark.http.auth;

import dev.bulwark.http.edge.CallerContext;
import dev.bulwark.http.edge.ProtocolVersionHandler;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.JsonBody;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.security.Principal;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;

/**
 * Answers a {@code tools/call} whose tool needs scopes the credential lacks with an {@code insufficient_scope}
 * challenge.
 */
public final class ScopeChallengeHandler extends EdgeHandler {

    private final ScopeChallenge challenge;
    private final ResourceIdentity resource;

    public ScopeChallengeHandler(ToolScopes toolScopes, ResourceIdentity resource) {
        this.challenge = new ScopeChallenge(toolScopes);
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        Principal principal = exchange.principal();
        if (principal == null || !"POST".equals(exchange.method())) {
            return true;
        }
        String tool;
        JsonBody json;
        try {
            exchange.body();
            json = exchange.json();
            tool = ScopeChallenge.calledTool(json.value());
        } catch (IOException unreadable) {
            exchange.answerUnreadableBody(unreadable);
            return false;
        }
        if (tool == null) {
            return true;
        }
        Optional<CredentialGate.Refused> refusal = challenge.refusal(
                principal,
                tool,
                () -> CallerContext.requestIdOf(exchange.request())
                        .orElseGet(() -> UUID.randomUUID().toString()),
                ScopeChallenge.eraOf(exchange.request().getHeaders().get(ProtocolVersionHandler.HEADER), json.value()),
                () -> resource.metadataUrl(exchange.request()));
        if (refusal.isEmpty()) {
            return true;
        }
        CredentialGate.Refused refused = refusal.get();
        HttpFields.Mutable headers = exchange.response().getHeaders();
        refused.headers().forEach(headers::put);
        exchange.refuse(refused.status(), refused.errorType(), refused.code(), refused.message());
        return false;
    }
}
