package dev.bulwark.tools.business.openapi;

/**
 * A service's OpenAPI document could not be fetched (the service is down, slow or answered an error): like the
 * service itself, a state that may pass, not a configuration error. The message names the service and why, never
 * its address.
 */
public final class DocumentUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DocumentUnavailableException(String message) {
        super(message, null, false, false);
    }
}
