package dev.bulwark.ports;

/**
 * A dependency stopped answering while applying a write: the write may or may not have been made.
 */
public class WriteOutcomeUnknownException extends DependencyUnavailableException {

    private static final long serialVersionUID = 1L;

    public WriteOutcomeUnknownException(String dependency, String message, Throwable cause) {
        super(dependency, message, cause);
    }
}
