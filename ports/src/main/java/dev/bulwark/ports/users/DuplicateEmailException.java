package dev.bulwark.ports.users;

import dev.bulwark.ports.PortException;

/**
 * A create or update would give a user an email another user already has. Nothing was changed. The message does not
 * repeat the address (it is personal data); the caller knows which one it sent.
 */
public class DuplicateEmailException extends PortException {

    private static final long serialVersionUID = 1L;

    public DuplicateEmailException() {
        super("another user already has this email address");
    }

    public DuplicateEmailException(Throwable cause) {
        super("another user already has this email address", cause);
    }
}
