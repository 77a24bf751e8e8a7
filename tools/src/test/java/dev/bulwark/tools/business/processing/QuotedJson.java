package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON for tests, written with single quotes so it reads in a Java string: {@code {'type':'object'}}. */
final class QuotedJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private QuotedJson() {}

    /** {@code text} with each {@code '} read as {@code "}. */
    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
