package dev.bulwark.core;

/** A dependency a tool needs (database, remote API) is unavailable; the call failed fast and may be retried later. */
public final class DependencyFailureException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final String dependency;

    public DependencyFailureException(String dependency, Throwable cause) {
        super("The " + dependency + " this tool needs is unavailable right now. Try again later.", cause);
        this.dependency = dependency;
    }

    public String dependency() {
        return dependency;
    }

    @Override
    public String errorType() {
        return "dependency_unavailable";
    }
}
