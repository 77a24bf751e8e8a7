package dev.bulwark.ports.upstream;

import dev.bulwark.ports.PortException;

/**
 * The caller of an upstream call failed, for a reason of its own, while asked what the upstream asked during the
 * call: the upstream call ends, and the caller's side rethrows the {@linkplain #getCause() cause}, which may mean that
 * the caller answers in a later round of its own.
 */
public class CallerFailedException extends PortException {

    private static final long serialVersionUID = 1L;

    /** @param cause the caller's own failure */
    public CallerFailedException(RuntimeException cause) {
        super("the caller of the upstream call failed while asked for input", cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
