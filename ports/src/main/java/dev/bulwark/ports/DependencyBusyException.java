package dev.bulwark.ports;

import java.util.Objects;

/**
 * An outbound dependency is reachable but saturated: every pooled connection (or every concurrency permit in front
 * of it) is in use, and the call was refused at once rather than queued behind slow work. Unlike
 * {@link DependencyUnavailableException} this says nothing about the dependency's health; the caller should retry
 * shortly. Messages are safe to log and never name hosts.
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
