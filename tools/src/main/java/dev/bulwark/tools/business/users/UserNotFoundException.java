package dev.bulwark.tools.business.users;

import dev.bulwark.core.ToolException;

/** No user has the id the caller gave. */
final class UserNotFoundException extends ToolException {

    private static final long serialVersionUID = 1L;

    public UserNotFoundException(String id) {
        super("User '" + id + "' does not exist. Use list_users to find existing users.");
    }

    @Override
    public String errorType() {
        return "not_found";
    }
}
