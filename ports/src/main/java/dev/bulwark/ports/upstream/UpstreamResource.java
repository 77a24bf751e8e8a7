package dev.bulwark.ports.upstream;

import java.util.Objects;

/**
 * A resource or resource template an upstream lists, as listed. Immutable.
 *
 * @param uri its URI or URI template
 * @param name its name
 * @param title its title, or empty
 * @param description its description, or empty
 * @param mimeType its media type, or empty
 * @param template whether it is a template
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
