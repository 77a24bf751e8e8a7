package dev.bulwark.core;

import java.util.List;
import java.util.stream.Collectors;

/** The arguments did not match the tool's input schema. Names every violated field and rule. */
public final class InvalidArgumentsException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final List<Violation> violations;

    public InvalidArgumentsException(String tool, List<Violation> violations) {
        super("Invalid arguments for tool '" + tool + "': "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    @Override
    public String errorType() {
        return "invalid_arguments";
    }

    /**
     * One broken rule.
     *
     * @param field the JSON path of the field, {@code $} for the arguments object itself
     * @param message what is wrong, in words
     */
    public record Violation(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }
}
