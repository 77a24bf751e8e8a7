package dev.bulwark.core;

/**
 * The client cancelled the call before it finished; a handler that sees {@link CallContext#isCancelled()} may throw
 * it to stop early.
 */
public final class ToolCancelledException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    /** The error type, and the audit and metric outcome, of a cancelled call. */
    public static final String ERROR_TYPE = "cancelled";

    /** @param tool the tool whose call was cancelled */
    public ToolCancelledException(String tool) {
        super("Tool '" + tool + "' was cancelled by the client before it finished.");
    }

    @Override
    public String errorType() {
        return ERROR_TYPE;
    }
}
