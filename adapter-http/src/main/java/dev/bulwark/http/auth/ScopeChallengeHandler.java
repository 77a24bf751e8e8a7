package dev.bulwark.http.auth;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.JsonBody;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.security.Principal;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Answers a {@code tools/call} whose tool needs scopes the credential lacks with an {@code insufficient_scope}
 * challenge.
 */
public final class ScopeChallengeHandler extends EdgeHandler {

    private final ToolScopes toolScopes;
    private final ResourceIdentity resource;

    public ScopeChallengeHandler(ToolScopes toolScopes, ResourceIdentity resource) {
        this.toolScopes = Objects.requireNonNull(toolScopes, "toolScopes");
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        Principal principal = exchange.principal();
        if (principal == null || !"POST".equals(exchange.method())) {
            return true;
        }
        String tool;
        try {
            exchange.body();
            tool = calledTool(exchange.json());
        } catch (IOException unreadable) {
            exchange.answerUnreadableBody(unreadable);
            return false;
        }
        if (tool == null) {
            return true;
        }
        Set<String> missing = toolScopes
                .requiredBy(tool)
                .<Set<String>>map(principal::missingScopes)
                .orElse(Set.of());
        if (missing.isEmpty()) {
            return true;
        }
        HttpAudit.toolCallRefused(principal.subject(), tool, "insufficient_scope");
        String description = "the tool " + tool + " needs the scope(s) " + String.join(" ", missing);
        exchange.response()
                .getHeaders()
                .put(
                        "WWW-Authenticate",
                        BearerChallenge.insufficientScope(
                                missing, description, resource.metadataUrl(exchange.request())));
        exchange.refuse(
                403,
                "insufficient_scope",
                JsonRpcErrors.FORBIDDEN,
                "Forbidden: " + description + ", which your credential does not grant");
        return false;
    }

    /** The tool a {@code tools/call} request names, or {@code null} for anything else (or not a JSON object). */
    private static String calledTool(JsonBody body) {
        if (body.value() instanceof Map<?, ?> message
                && "tools/call".equals(message.get("method"))
                && message.get("params") instanceof Map<?, ?> params
                && params.get("name") instanceof String name) {
            return name;
        }
        return null;
    }
}
