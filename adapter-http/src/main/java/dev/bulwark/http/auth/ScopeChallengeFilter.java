package dev.bulwark.http.auth;

import dev.bulwark.http.edge.BodySizeFilter;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.edge.NotUtf8BodyException;
import dev.bulwark.http.edge.ReplayedBodyRequest;
import dev.bulwark.http.exchange.Exchange;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Answers a {@code tools/call} whose tool needs scopes the caller's credential lacks with 403 and
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."}, so an OAuth client can ask for a token
 * with more scope (the MCP authorization specification's step-up). It reads the request body (at most the body
 * cap), looks at {@code method} and {@code params.name} only, and hands the same bytes on. Every other request, and
 * every call the caller may make, passes untouched; the core still authorizes each call itself. Thread-safe.
 */
public final class ScopeChallengeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final byte[] TOOLS_CALL = "tools/call".getBytes(StandardCharsets.US_ASCII);

    private final transient ToolScopes toolScopes;
    private final transient McpJsonMapper jsonMapper;
    private final transient ResourceIdentity resource;
    private final long maxBytes;

    public ScopeChallengeFilter(ToolScopes toolScopes, McpJsonMapper jsonMapper, ResourceIdentity resource,
            long maxBytes) {
        this.toolScopes = Objects.requireNonNull(toolScopes, "toolScopes");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Principal principal = AuthenticationFilter.principalOf(request);
        if (principal == null || !"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NotUtf8BodyException notUtf8) {
            notUtf8.answer(request, response);
            return;
        }
        if (body.length > maxBytes) {
            BodySizeFilter.refuseTooLarge(request, response, maxBytes);
            return;
        }
        String tool = calledTool(body);
        if (tool != null) {
            Set<String> missing = toolScopes.requiredBy(tool)
                    .<Set<String>>map(principal::missingScopes)
                    .orElse(Set.of());
            if (!missing.isEmpty()) {
                Exchange.of(request).refuse("insufficient_scope");
                HttpAudit.toolCallRefused(principal.subject(), tool, "insufficient_scope");
                String description = "the tool " + tool + " needs the scope(s) " + String.join(" ", missing);
                response.setHeader("WWW-Authenticate", BearerChallenge.insufficientScope(missing, description,
                        resource.metadataUrl(request)));
                JsonRpcErrors.send(response, 403, JsonRpcErrors.FORBIDDEN, "Forbidden: " + description
                        + ", which your credential does not grant");
                return;
            }
        }
        chain.doFilter(new ReplayedBodyRequest(request, body), response);
    }

    /**
     * The tool a {@code tools/call} request names, or {@code null} for anything else (or unparseable JSON). Only a
     * body that holds {@code tools/call} as written, or any JSON escape (the method may be written {@code tools\/call}
     * or with a backslash-u escape for any letter), is parsed here.
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
