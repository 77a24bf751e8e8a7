package dev.bulwark.ports.upstream;

import dev.bulwark.ports.PortException;

/**
 * The caller of an upstream call cannot answer what the upstream asked during it; the message, sent to the upstream
 * as its JSON-RPC error, says why and names no host or secret.
 */
public class CallerCannotAnswerException extends PortException {

    private static final long serialVersionUID = 1L;

    /** The upstream's method the caller cannot answer; null when not said. */
    private final String method;

    /** @param message why the caller cannot answer, for the upstream */
    public CallerCannotAnswerException(String message) {
        this(null, message);
    }

    /**
     * @param method the upstream's method the caller cannot answer, such as {@code roots/list}
     * @param message why the caller cannot answer, for the upstream
     */
    public CallerCannotAnswerException(String method, String message) {
        super(message);
        this.method = method;
    }

    /** The upstream's method the caller cannot answer, when it was said (one of several asked together). */
    public java.util.Optional<String> method() {
        return java.util.Optional.ofNullable(method);
    }
}
