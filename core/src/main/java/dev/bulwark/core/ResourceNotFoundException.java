package dev.bulwark.core;

import java.util.Objects;

/**
 * A resource reader's answer that its URI is not there for this caller: the read is answered exactly as a read of a
 * URI the server does not serve, so a caller cannot tell a hidden resource from a missing one.
 */
public final class ResourceNotFoundException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    /** The error type of such a read, in its audit record. */
    public static final String ERROR_TYPE = "resource_not_found";

    private final String uri;

    /** @param uri the URI the client asked for */
    public ResourceNotFoundException(String uri) {
        super("Resource not found");
        this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** The URI the client asked for. */
    public String uri() {
        return uri;
    }

    @Override
    public String errorType() {
        return ERROR_TYPE;
    }
}
