package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The outcome of {@link DataProcessingService#transform}. Immutable.
 *
 * @param data the transformed JSON value
 * @param flattenedObjects how many nested, non-empty objects were merged into their parent under dotted keys
 * @param trimmedStrings how many string values lost leading or trailing white space
 */
public record TransformResult(JsonNode data, int flattenedObjects, int trimmedStrings) {

    public TransformResult {
        Objects.requireNonNull(data, "data");
    }
}
