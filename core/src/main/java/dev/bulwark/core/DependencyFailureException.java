package dev.bulwark.core;

/**
 * A dependency a tool needs is unavailable; the call failed fast.
 */
public final class DependencyFailureException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final String dependency;

    public DependencyFailureException(String dependency, Throwable cause) {
        this(dependency, "The " + dependency + " this tool needs is unavailable right now. Try again later.", cause);
    }

    private DependencyFailureException(String dependency, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
    }

    /**
     * The {@code dependency} stopped answering while it was applying the call's write: the write may or may not have
     * been made, so the caller is told to check before trying again, not simply to try again.
     */
    public static DependencyFailureException whileWriting(String dependency, Throwable cause) {
        return new DependencyFailureException(
                dependency,
                "The " + dependency + " this tool needs stopped answering"
                        + " while it was applying the change, so the change may or may not have been made. Check before"
                        + " trying again.",
                cause);
    }

    public String dependency() {
        return dependency;
    }

    @Override
    public String errorType() {
        return "dependency_unavailable";
    }
}
