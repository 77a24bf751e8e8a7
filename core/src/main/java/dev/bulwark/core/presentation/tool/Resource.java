package dev.bulwark.core.presentation.tool;

import java.util.Objects;

/**
 * A read-only resource the server exposes at a fixed URI, with a reader that produces its text on each read.
 * Immutable and thread-safe if the reader is.
 *
 * <pre>{@code
 * Resource readme = new Resource("bulwark://readme", "readme", "What this server offers", "text/markdown",
 *         context -> "# Tools\n...");
 * }</pre>
 *
 * @param uri the resource URI
 * @param name a short name
 * @param description what it holds, for the model
 * @param mimeType the media type of the text
 * @param reader produces the current text
 */
public record Resource(String uri, String name, String description, String mimeType, Reader reader) {

    public Resource {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(reader, "reader");
    }

    /** Produces a resource's text. May be called concurrently. */
    @FunctionalInterface
    public interface Reader {
        String read(CallContext context) throws Exception;
    }
}
