package dev.bulwark.ports.logging;

/** What a failure says, for a log line an operator reads: its first message, without Java class names. Stateless. */
public final class FailureText {

    /** The text given when no failure in the chain says anything. */
    static final String SILENT = "the failure gave no reason";

    private FailureText() {}

    /**
     * The first non-blank message of {@code failure} or of its causes (skipping one the JDK copied from its cause,
     * which starts with the cause's class name), else {@link #SILENT}.
     */
    public static String of(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            String message = current.getMessage();
            boolean copiedFromCause =
                    current.getCause() != null && current.getCause().toString().equals(message);
            if (message != null && !message.isBlank() && !copiedFromCause) {
                return message;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return SILENT;
    }
}
