package dev.bulwark.ports;

/**
 * A dependency stopped answering while it was applying a write (the connection dropped during a commit): the write
 * may or may not have been made, and nothing in this process can tell which. The caller must check before writing
 * again, rather than retry: a retry may apply the write twice. A kind of {@link DependencyUnavailableException}, so
 * whatever counts outages counts it too.
 */
public class WriteOutcomeUnknownException extends DependencyUnavailableException {

    private static final long serialVersionUID = 1L;

    public WriteOutcomeUnknownException(String dependency, String message, Throwable cause) {
        super(dependency, message, cause);
    }
}
