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
        return configured.isPresent() ? configured.get().toString() : resourceUrlAt(origin(request));
    }

    /** The URL of the metadata document that describes {@link #resourceUrl}. */
    public String metadataUrl(Request request) {
        return metadataUrlOf(resourceUrl(request));
    }

    /**
     * The canonical URL of the MCP endpoint reached at {@code origin} ({@code scheme://host[:port]}, as the request
     * named it): the configured one, else the endpoint's path there.
     */
    public String resourceUrlAt(String origin) {
        return configured.map(URI::toString).orElseGet(() -> origin + mcpPath);
    }

    /** The URL of the metadata document that describes {@link #resourceUrlAt}. */
    public String metadataUrlAt(String origin) {
        return metadataUrlOf(resourceUrlAt(origin));
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
