package dev.bulwark.core;

/**
 * A tool returned a result that does not fit its declared output type: a fault of the tool, counted as
 * {@code internal}.
 */
public final class InvalidToolResultException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final String tool;

    /**
     * @param tool the tool whose result did not fit
     * @param requestId the call's request id, for the caller to quote
     */
    public InvalidToolResultException(String tool, String requestId) {
        super("Internal error in tool '" + tool + "': its result did not fit the tool's declared output type."
                + " This is a fault of the tool, not of the arguments. It was logged with request id " + requestId
                + "; quote it when reporting the problem.");
        this.tool = tool;
    }

    public String tool() {
        return tool;
    }

    @Override
    public String errorType() {
        return "internal";
    }
}
