package dev.bulwark.core;

/**
 * A dependency a tool needs is saturated; the call was refused at once and may be retried shortly.
 */
public final class DependencySaturatedException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final String dependency;

    public DependencySaturatedException(String dependency, Throwable cause) {
        super(
                "The " + dependency + " this tool needs is busy: every connection is in use by other calls."
                        + " Retry shortly.",
                cause);
        this.dependency = dependency;
    }

    public String dependency() {
        return dependency;
    }

    @Override
    public String errorType() {
        return "busy";
    }
}
