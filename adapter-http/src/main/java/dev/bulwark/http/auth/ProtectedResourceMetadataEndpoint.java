package dev.bulwark.http.auth;

import dev.bulwark.http.edge.OriginFilter;
import dev.bulwark.http.edge.OriginPolicy;
import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OAuth 2.0 protected resource metadata of RFC 9728, at {@code /.well-known/oauth-protected-resource} and at
 * that path with the MCP path appended (as RFC 9728 builds it from the resource URL): the resource's canonical URL,
 * the authorization servers that issue tokens for it, the scopes it understands, and that tokens go in the
 * {@code Authorization} header only. Public: no credential is needed to read it. A browser origin the
 * {@link OriginPolicy} allows may read it cross-origin (CORS naming exactly that origin); any other origin gets the
 * document without CORS headers, so its browser keeps it from the page. A {@code Host} the policy does not allow gets
 * 403, as on {@code /mcp}: without a configured resource URL the document's resource is built from the Host.
 * Thread-safe.
 */
public final class ProtectedResourceMetadataEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ResourceIdentity resource;
    private final transient McpJsonMapper jsonMapper;
    private final transient OriginPolicy origins;
    private final List<String> authorizationServers;
    private final List<String> scopesSupported;

    public ProtectedResourceMetadataEndpoint(ResourceIdentity resource, McpJsonMapper jsonMapper, OriginPolicy origins,
            List<String> authorizationServers, List<String> scopesSupported) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.origins = Objects.requireNonNull(origins, "origins");
        this.authorizationServers = List.copyOf(authorizationServers);
        this.scopesSupported = List.copyOf(scopesSupported);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!origins.allowsHost(request.getHeader("Host"))) {
            OriginFilter.refuseHost(response); // the resource URL is built from the Host: only an allowed one
            return;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", resource.resourceUrl(request));
        if (!authorizationServers.isEmpty()) {
            metadata.put("authorization_servers", authorizationServers);
        }
        metadata.put("scopes_supported", scopesSupported);
        metadata.put("bearer_methods_supported", List.of("header"));
        byte[] body = jsonMapper.writeValueAsBytes(metadata);
        String origin = request.getHeader("Origin");
        if (origin != null && origins.allowsOrigin(origin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.addHeader("Vary", "Origin");
        }
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "max-age=300");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
