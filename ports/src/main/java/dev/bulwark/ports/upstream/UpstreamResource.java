package dev.bulwark.ports.upstream;

import java.util.Objects;

/**
 * One resource, or one resource template, an upstream MCP server lists, as it lists it. Immutable.
 *
 * @param uri its URI, or its RFC 6570 URI template when {@code template}
 * @param name its name
 * @param title its title, or empty
 * @param description its description, or empty
 * @param mimeType its media type, or empty when the upstream gives none
 * @param template whether {@code uri} is a URI template ({@code resources/templates/list})
 */
public record UpstreamResource(
        String uri, String name, String title, String description, String mimeType, boolean template) {

    /** Requires every part. */
    public UpstreamResource {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(mimeType, "mimeType");
    }
}
