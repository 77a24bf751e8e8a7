package dev.bulwark.ports;

import java.util.Objects;

/**
 * An outbound dependency is reachable but saturated, and the call was refused at once; retry shortly.
 */
public class DependencyBusyException extends PortException {

    private static final long serialVersionUID = 1L;

    private final String dependency;

    public DependencyBusyException(String dependency, String message) {
        super(message);
        this.dependency = Objects.requireNonNull(dependency, "dependency");
    }

    /** The logical name of the saturated dependency, for example {@code "database"}. Never a hostname. */
    public String dependency() {
        return dependency;
    }
}
