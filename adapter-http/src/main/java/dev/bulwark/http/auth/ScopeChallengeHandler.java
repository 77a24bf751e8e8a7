package dev.bulwark.http.auth;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Answers a {@code tools/call} whose tool needs scopes the credential lacks with an {@code insufficient_scope}
 * challenge.
 */
public final class ScopeChallengeHandler extends EdgeHandler {

    private static final byte[] TOOLS_CALL = "tools/call".getBytes(StandardCharsets.US_ASCII);

    private final ToolScopes toolScopes;
    private final McpJsonMapper jsonMapper;
    private final ResourceIdentity resource;

    public ScopeChallengeHandler(ToolScopes toolScopes, McpJsonMapper jsonMapper, ResourceIdentity resource) {
        this.toolScopes = Objects.requireNonNull(toolScopes, "toolScopes");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        Principal principal = exchange.principal();
        if (principal == null || !"POST".equals(exchange.method())) {
            return true;
        }
        byte[] body;
        try {
            body = exchange.body();
        } catch (IOException unreadable) {
            exchange.answerUnreadableBody(unreadable);
            return false;
        }
        String tool = calledTool(body);
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

    /**
     * The tool a {@code tools/call} request names, or {@code null} for anything else (or unparseable JSON). Only a
     * body that holds {@code tools/call} as written, or any JSON escape, is parsed here.
     */
    private String calledTool(byte[] body) {
        if (!contains(body, TOOLS_CALL) && !containsBackslash(body)) {
            return null;
        }
        try {
            if (jsonMapper.readValue(body, Map.class) instanceof Map<?, ?> message
                    && "tools/call".equals(message.get("method"))
                    && message.get("params") instanceof Map<?, ?> params
                    && params.get("name") instanceof String name) {
                return name;
            }
        } catch (IOException | RuntimeException notJson) {
            // not a single JSON object: the transport answers it
        }
        return null;
    }

    private static boolean containsBackslash(byte[] body) {
        for (byte b : body) {
            if (b == '\\') {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
