package dev.bulwark.tools.business.users;

import dev.bulwark.core.ToolException;

/** A value the caller gave breaks a rule of the user service: names the field and the rule. */
final class InvalidUserInputException extends ToolException {

    private static final long serialVersionUID = 1L;

    public InvalidUserInputException(String field, String rule) {
        super("Invalid " + field + ": " + rule + ".");
    }

    @Override
    public String errorType() {
        return "invalid_arguments";
    }
}
