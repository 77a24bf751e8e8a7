package dev.bulwark.ports.users;

import dev.bulwark.ports.PortException;

/**
 * A create or update would give a user an email another user already has; nothing was changed.
 */
public class DuplicateEmailException extends PortException {

    private static final long serialVersionUID = 1L;

    /** The message does not repeat the address (personal data): the caller knows which one it sent. */
    public DuplicateEmailException() {
        super("another user already has this email address");
    }

    public DuplicateEmailException(Throwable cause) {
        super("another user already has this email address", cause);
    }
}
