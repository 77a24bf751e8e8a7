package dev.bulwark.http.auth;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/**
 * This server as an OAuth protected resource: its canonical URL and where its metadata lives.
 */
public final class ResourceIdentity {

    /** The well-known prefix of protected resource metadata (RFC 9728, section 3). */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final Optional<URI> configured;
    private final String mcpPath;

    public ResourceIdentity(Optional<String> resourceUrl, String mcpPath) {
        this.configured = Objects.requireNonNull(resourceUrl, "resourceUrl").map(URI::create);
        this.mcpPath = Objects.requireNonNull(mcpPath, "mcpPath");
    }

    /** The canonical URL of the MCP endpoint, as tokens must name it in {@code aud}. */
    public String resourceUrl(Request request) {
        return configured.map(URI::toString).orElseGet(() -> origin(request) + mcpPath);
    }

    /** The URL of the metadata document that describes {@link #resourceUrl}. */
    public String metadataUrl(Request request) {
        return metadataUrlOf(resourceUrl(request));
    }

    private static String origin(Request request) {
        String host = request.getHeaders().get("Host");
        if (host == null || host.isBlank()) {
            host = Request.getServerName(request) + ":" + Request.getServerPort(request);
        }
        return request.getHttpURI().getScheme() + "://" + host;
    }

    private static String metadataUrlOf(String resourceUrl) {
        URI resource = URI.create(resourceUrl);
        String path = resource.getRawPath() == null ? "" : resource.getRawPath();
        return resource.getScheme() + "://" + resource.getRawAuthority() + WELL_KNOWN + ("/".equals(path) ? "" : path);
    }
}
