package dev.bulwark.tools.presentation.data;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.ToolParam;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The arguments of {@code process_data}. Immutable as long as no one mutates its JSON.
 *
 * @param data the JSON value to process; any JSON, {@code null} included
 * @param operation what to do with it
 * @param schema a JSON Schema object for {@link Operation#VALIDATE}; {@code null} when not given
 */
record ProcessDataInput(
        @ToolParam(description = DATA_DESCRIPTION) JsonNode data,
        @ToolParam(description = OPERATION_DESCRIPTION) Operation operation,

        @ToolParam(description = SCHEMA_DESCRIPTION, required = false)
        JsonNode schema) {

    static final String DATA_DESCRIPTION =
            "The JSON value to process: an object, array, string, number, boolean or null";
    static final String OPERATION_DESCRIPTION = "What to do with the data: 'transform' flattens nested objects to"
            + " dotted keys and trims strings, 'validate' checks it against 'schema', 'analyze' describes its shape"
            + " and numbers";
    static final String SCHEMA_DESCRIPTION = "For 'validate' only: a JSON Schema object (draft 2020-12 unless its"
            + " $schema says otherwise) the data must match. Without it, 'validate' only confirms the data is"
            + " well-formed JSON";

    /** A {@code process_data} operation; its JSON form is its lower-case name. */
    public enum Operation {
        /** Flatten nested objects to dotted keys, trim strings. */
        TRANSFORM,
        /** Check against an optional JSON Schema. */
        VALIDATE,
        /** Count fields and types, measure depth and the range of the numbers. */
        ANALYZE;

        /** The operation's name in JSON: {@code transform}, {@code validate} or {@code analyze}. */
        @JsonValue
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every operation's JSON name, in declaration order. */
        public static List<String> jsonNames() {
            return Arrays.stream(values()).map(Operation::jsonName).toList();
        }
    }
}
