package dev.bulwark.spring;

import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves each web door's OAuth 2.0 protected resource metadata (RFC 9728) on the application's port, before any
 * security filter chain, since a client reads it before it has a token: the default endpoint's and every named
 * endpoint's, in one filter that runs before the application's. Thread-safe.
 */
final class ProtectedResourceMetadataFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient List<WebDoorAuth> doors;
    private final transient McpJsonMapper jsonMapper;

    /** @param doors each door's parts, the default endpoint's first: it answers the bare well-known path */
    ProtectedResourceMetadataFilter(List<WebDoorAuth> doors, McpJsonMapper jsonMapper) {
        this.doors = List.copyOf(doors);
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        Optional<WebDoorAuth> door =
                doors.stream().filter(one -> one.isMetadata(request)).findFirst();
        if (door.isEmpty() || !("GET".equals(method) || "HEAD".equals(method))) {
            chain.doFilter(request, response);
            return;
        }
        WebDoorAuth auth = door.get();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", auth.resourceUrl(request));
        if (!auth.authorizationServers().isEmpty()) {
            metadata.put("authorization_servers", auth.authorizationServers());
        }
        metadata.put("scopes_supported", auth.scopesSupported());
        metadata.put("bearer_methods_supported", List.of("header"));
        byte[] body = jsonMapper.writeValueAsBytes(metadata);
        response.setStatus(200);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "max-age=300");
        response.setContentLength(body.length);
        if (!"HEAD".equals(method)) {
            response.getOutputStream().write(body);
        }
    }
}
