package dev.bulwark.outbound;

import dev.bulwark.ports.outbound.ServiceFailure;

/**
 * One attempt's failure, inside the policies: the retry policy and the breaker judge it by its kind. It knows
 * whether the request can have reached the service: not when its connection never opened.
 */
final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ServiceFailure failure;
    final boolean mayHaveReachedService;

    /** A failure after the connection was open, or whose moment is not known: the request may have arrived. */
    AttemptFailure(ServiceFailure failure, String message) {
        this(failure, true, message);
    }

    AttemptFailure(ServiceFailure failure, boolean mayHaveReachedService, String message) {
        super(message, null, false, false);
        this.failure = failure;
        this.mayHaveReachedService = mayHaveReachedService;
    }
}
