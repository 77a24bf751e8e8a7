package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.RequiredScopes;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * A read-only resource at a fixed URI, whose reader produces its text (or bytes, {@linkplain #binary binary}) on each
 * read. Immutable and thread-safe if the reader is.
 *
 * @param uri the resource URI
 * @param name a short name
 * @param description what it holds, for the model
 * @param mimeType the media type of the text
 * @param reader produces the current text
 * @param requiredScopes the scopes a caller must hold to read it (none by default)
 */
public record Resource(
        String uri, String name, String description, String mimeType, Reader reader, Set<String> requiredScopes) {

    public Resource {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(reader, "reader");
        requiredScopes = RequiredScopes.copyOf(requiredScopes, "resource '" + uri + "'");
    }

    /** A resource every authenticated caller may read. */
    public Resource(String uri, String name, String description, String mimeType, Reader reader) {
        this(uri, name, description, mimeType, reader, Set.of());
    }

    /** This resource, readable only by callers holding every one of {@code scopes}. */
    public Resource withRequiredScopes(String... scopes) {
        return new Resource(uri, name, description, mimeType, reader, RequiredScopes.listed(scopes));
    }

    /** A resource whose content is bytes (sent base64-encoded as a blob), for example an image. */
    public static Resource binary(String uri, String name, String description, String mimeType, BlobReader reader) {
        return new Resource(uri, name, description, mimeType, reader);
    }

    /** Whether the resource's content is bytes rather than text. */
    public boolean binary() {
        return reader instanceof BlobReader;
    }

    /** Produces a resource's text. May be called concurrently. */
    @FunctionalInterface
    public interface Reader {
        String read(CallContext context) throws Exception;
    }

    /** Produces a binary resource's bytes; its text form is their base64 encoding. May be called concurrently. */
    @FunctionalInterface
    public interface BlobReader extends Reader {
        byte[] readBytes(CallContext context) throws Exception;

        @Override
        default String read(CallContext context) throws Exception {
            return Base64.getEncoder().encodeToString(readBytes(context));
        }
    }
}
