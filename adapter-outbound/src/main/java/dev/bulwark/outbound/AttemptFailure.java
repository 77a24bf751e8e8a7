package dev.bulwark.outbound;

import dev.bulwark.ports.outbound.ServiceFailure;

/** One attempt's failure, inside the policies: the retry policy and the breaker judge it by its kind. */
final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ServiceFailure failure;

    AttemptFailure(ServiceFailure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }
}
