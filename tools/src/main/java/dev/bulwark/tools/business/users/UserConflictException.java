package dev.bulwark.tools.business.users;

import dev.bulwark.core.ToolException;

/** The email the caller gave already belongs to another user; nothing was changed. */
final class UserConflictException extends ToolException {

    private static final long serialVersionUID = 1L;

    public UserConflictException(String email, Throwable cause) {
        super(
                "A user with email '" + email + "' already exists. Emails are unique (compared case-insensitively);"
                        + " use another address, or update the existing user.",
                cause);
    }

    @Override
    public String errorType() {
        return "conflict";
    }
}
