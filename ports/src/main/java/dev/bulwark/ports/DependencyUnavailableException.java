package dev.bulwark.ports;

import java.util.Objects;

/**
 * An outbound dependency could not be reached or did not answer in time.
 */
public class DependencyUnavailableException extends PortException {

    private static final long serialVersionUID = 1L;

    private final String dependency;

    public DependencyUnavailableException(String dependency, String message, Throwable cause) {
        super(message, cause);
        this.dependency = Objects.requireNonNull(dependency, "dependency");
    }

    public DependencyUnavailableException(String dependency, String message) {
        this(dependency, message, null);
    }

    /** The logical name of the dependency that failed, for example {@code "redis"}. Never a hostname. */
    public String dependency() {
        return dependency;
    }
}
