package dev.bulwark.core.internal.presentation.era2026;

/**
 * Ends a handler that asked a 2026-era client for input it has not given yet: the request is answered with
 * the round's {@code input_required} result ({@link InputRound#inputRequired()}), and the handler runs again when
 * the client retries with the answers. It is no failure: the pipeline passes it on untouched (never cached, never an
 * error result; counted and audited as {@code input_required}). It carries no stack trace and no message from the
 * client. Immutable.
 */
public final class InputRequiredSignal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The call context whose handler asked; identity only. */
    private final transient Object raisedBy;

    /** @param raisedBy the call context of the handler that asked */
    public InputRequiredSignal(Object raisedBy) {
        super(
                "The handler asked the client for input it has not given yet; answered with input_required",
                null,
                false,
                false);
        this.raisedBy = raisedBy;
    }

    /**
     * Whether this signal ended the handler of {@code context}, rather than a handler whose outcome {@code context}'s
     * call shares (a cache's single flight hands one call's outcome to the calls waiting for it).
     */
    public boolean raisedFor(Object context) {
        return raisedBy == context;
    }
}
