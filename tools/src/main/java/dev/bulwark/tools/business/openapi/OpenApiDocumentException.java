package dev.bulwark.tools.business.openapi;

import java.util.List;

/**
 * An OpenAPI document, or the operations chosen from it, cannot be served: each problem names the service's
 * configuration key, the operation where there is one, and the fix. Every problem found in one reading is reported
 * together. A configuration error, reported at start.
 */
public final class OpenApiDocumentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Each problem on its own, each starting with its configuration key. */
    private final List<String> problems;

    public OpenApiDocumentException(String message) {
        this(List.of(message));
    }

    /** @param problems the problems found, at least one, each starting with its configuration key */
    public OpenApiDocumentException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an OpenAPI document problem needs a message");
        }
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, each starting with its configuration key. */
    public List<String> problems() {
        return problems;
    }
}
