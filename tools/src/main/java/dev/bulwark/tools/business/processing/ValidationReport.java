package dev.bulwark.tools.business.processing;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link DataProcessingService#validate}. Immutable.
 *
 * @param valid whether the data conforms to the schema (always {@code true} without a schema)
 * @param schemaGiven whether a schema was given; without one, nothing beyond well-formedness was checked
 * @param dataType the JSON type of the data's root: {@code object}, {@code array}, {@code string},
 *     {@code number}, {@code boolean} or {@code null}
 * @param violations every violation, in the order the validator reported them, up to a limit; empty when valid
 * @param truncated whether the check stopped at that limit with more violations left: {@code violations} holds
 *     the first ones only
 */
public record ValidationReport(
        boolean valid, boolean schemaGiven, String dataType, List<Violation> violations, boolean truncated) {

    public ValidationReport {
        Objects.requireNonNull(dataType, "dataType");
        violations = List.copyOf(violations);
        if (valid != violations.isEmpty()) {
            throw new IllegalArgumentException("a report is valid exactly when it has no violations");
        }
        if (truncated && valid) {
            throw new IllegalArgumentException("a valid report has no violations left out");
        }
    }

    /**
     * One broken rule. Immutable.
     *
     * @param path where in the data, as a JSON path: {@code $.items[2].id}, {@code $} for the root; a missing
     *     required property is named by the path it should have had
     * @param message which rule was broken, in words
     */
    public record Violation(String path, String message) {

        public Violation {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return path + ": " + message;
        }
    }
}
