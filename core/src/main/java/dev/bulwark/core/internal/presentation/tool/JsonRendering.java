package dev.bulwark.core.internal.presentation.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapper Bulwark uses unless told otherwise, and the text rendering of a structured result written with it.
 * Thread-safe.
 */
public final class JsonRendering {

    private static final ObjectMapper MAPPER = newMapper();

    private JsonRendering() {}

    /**
     * A new mapper with Jackson's {@code Jdk8Module} ({@code Optional} components) and {@code JavaTimeModule}
     * ({@code java.time} components), dates and times written as ISO-8601 strings, the formats the generated schemas
     * publish.
     */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                // A decimal keeps its scale on its way through a JSON tree (results are checked as one): 100.00
                // stays 100.00, not 1E+2
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    /**
     * {@code value} as compact JSON text.
     *
     * @throws IllegalArgumentException if Jackson cannot write {@code value}
     */
    public static String textOf(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "a " + value.getClass().getName()
                            + " cannot be written as JSON text: " + e.getOriginalMessage()
                            + "; give the result's text with ToolResult.of(value, text)",
                    e);
        }
    }
}
