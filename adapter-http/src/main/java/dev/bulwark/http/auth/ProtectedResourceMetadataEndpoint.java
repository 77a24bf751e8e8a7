package dev.bulwark.http.auth;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.edge.OriginHandler;
import dev.bulwark.http.edge.OriginPolicy;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The OAuth 2.0 protected resource metadata of RFC 9728.
 */
public final class ProtectedResourceMetadataEndpoint extends Handler.Abstract {

    private final ResourceIdentity resource;
    private final McpJsonMapper jsonMapper;
    private final OriginPolicy origins;
    private final List<String> authorizationServers;
    private final List<String> scopesSupported;

    public ProtectedResourceMetadataEndpoint(
            ResourceIdentity resource,
            McpJsonMapper jsonMapper,
            OriginPolicy origins,
            List<String> authorizationServers,
            List<String> scopesSupported) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.origins = Objects.requireNonNull(origins, "origins");
        this.authorizationServers = List.copyOf(authorizationServers);
        this.scopesSupported = List.copyOf(scopesSupported);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        if (!origins.allowsHost(request.getHeaders().get("Host"))) {
            // the resource URL is built from the Host: only an allowed one
            JsonRpcErrors.send(response, callback, 403, null, JsonRpcErrors.FORBIDDEN, OriginHandler.HOST_REFUSED);
            return true;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", resource.resourceUrl(request));
        if (!authorizationServers.isEmpty()) {
            metadata.put("authorization_servers", authorizationServers);
        }
        metadata.put("scopes_supported", scopesSupported);
        metadata.put("bearer_methods_supported", List.of("header"));
        byte[] body = jsonMapper.writeValueAsBytes(metadata);
        HttpFields.Mutable headers = response.getHeaders();
        String origin = request.getHeaders().get("Origin");
        if (origin != null && origins.allowsOrigin(origin)) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.add("Vary", "Origin");
        }
        response.setStatus(200);
        headers.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "max-age=300");
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
        return true;
    }
}
