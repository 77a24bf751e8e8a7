package dev.bulwark.tools.business.openapi;

/**
 * An OpenAPI document, or the operations chosen from it, cannot be served: the message names the service's
 * configuration key, the operation where there is one, and the fix. A configuration error, reported at start.
 */
public final class OpenApiDocumentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public OpenApiDocumentException(String message) {
        super(message);
    }
}
