package dev.bulwark.mcpclient;

/** What the log may say of a failure: its type and the types of its causes, never a message that could hold a secret. */
final class Safe {

    private Safe() {}

    /** {@code failure}'s type and its causes' types, outermost first. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.getClass().getSimpleName());
        for (Throwable cause = failure.getCause(); cause != null && cause != failure; cause = cause.getCause()) {
            text.append(" <- ").append(cause.getClass().getSimpleName());
        }
        return text.toString();
    }
}
