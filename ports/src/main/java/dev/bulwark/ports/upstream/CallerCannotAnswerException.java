package dev.bulwark.ports.upstream;

import dev.bulwark.ports.PortException;

/**
 * The caller of an upstream call cannot answer what the upstream asked during it; the message, sent to the upstream
 * as its JSON-RPC error, says why and names no host or secret.
 */
public class CallerCannotAnswerException extends PortException {

    private static final long serialVersionUID = 1L;

    /** @param message why the caller cannot answer, for the upstream */
    public CallerCannotAnswerException(String message) {
        super(message);
    }
}
