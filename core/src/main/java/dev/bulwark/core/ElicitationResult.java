package dev.bulwark.core;

import java.util.Map;
import java.util.Objects;

/**
 * The user's answer to an elicitation request ({@link CallContext#elicit}). Immutable.
 *
 * @param action what the user did
 * @param content the values entered; empty unless the user accepted
 */
public record ElicitationResult(Action action, Map<String, Object> content) {

    public ElicitationResult {
        Objects.requireNonNull(action, "action");
        content = content == null
                ? Map.of()
                : dev.bulwark.core.internal.presentation.tool.JsonSchemas.frozen(content); // immutable at any depth
    }

    /** Whether the user submitted the form. */
    public boolean accepted() {
        return action == Action.ACCEPT;
    }

    /** What the user did with an elicitation request. */
    public enum Action {
        /** Submitted the form; {@link #content()} holds the values. */
        ACCEPT,
        /** Explicitly refused to answer. */
        DECLINE,
        /** Dismissed the request without choosing. */
        CANCEL
    }
}
