package dev.bulwark.http.auth;

import dev.bulwark.http.edge.CallerContext;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.edge.ProtocolVersionHandler;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.JsonBody;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.security.Principal;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

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
        JsonBody json;
        try {
            exchange.body();
            json = exchange.json();
            tool = calledTool(json);
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
        HttpAudit.toolCallRefused(
                principal.subject(),
                tool,
                "insufficient_scope",
                CallerContext.requestIdOf(exchange.request())
                        .orElseGet(() -> UUID.randomUUID().toString()),
                eraOf(exchange, json).version());
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

    /** The era its protocol version header or {@code _meta} names; the session era when neither names one. */
    private static ProtocolEra eraOf(McpExchange exchange, JsonBody json) {
        String header = exchange.request().getHeaders().get(ProtocolVersionHandler.HEADER);
        Object meta = json.value() instanceof Map<?, ?> message
                        && message.get("params") instanceof Map<?, ?> params
                        && params.get("_meta") instanceof Map<?, ?> metaMap
                ? metaMap.get(ProtocolEra.VERSION_META_KEY)
                : null;
        return ProtocolEra.ofVersion(meta instanceof String version ? version : header)
                .orElse(ProtocolEra.SESSIONS_2025_11_25);
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
