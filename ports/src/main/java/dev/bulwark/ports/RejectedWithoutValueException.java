package dev.bulwark.ports;

/**
 * A setting refused with a message that never quotes its value, so it may be shown for a secret.
 */
public final class RejectedWithoutValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message why the value is refused, naming the setting and never quoting the value */
    public RejectedWithoutValueException(String message) {
        super(message);
    }
}
