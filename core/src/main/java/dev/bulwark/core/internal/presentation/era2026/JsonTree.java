package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A request a transport parsed (maps, lists, strings, numbers, booleans and nulls) as the JSON tree this layer reads,
 * built node by node: no second trip through the JSON reader. Stateless.
 */
final class JsonTree {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {}

    /** {@code object} as an object node. */
    static ObjectNode object(Map<?, ?> object) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<?, ?> field : object.entrySet()) {
            node.set(String.valueOf(field.getKey()), of(field.getValue()));
        }
        return node;
    }

    /** {@code value} as a node, as the JSON reader would have read it. */
    static JsonNode of(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Map<?, ?> map) {
            return object(map);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Object element : list) {
                array.add(of(element));
            }
            return array;
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigInteger number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigDecimal number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Float number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Number number) {
            return NODES.numberNode(number.longValue());
        }
        throw new IllegalArgumentException(
                "Not a parsed JSON value: " + value.getClass().getName());
    }

    /** The text a JSON tree gives for {@code value} ({@code JsonNode.asText}): a string as it is, a number written. */
    static String asText(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "";
    }

    /** Whether {@code id} is a request id this layer takes: a string or an integer. */
    static boolean isValidId(Object id) {
        return id instanceof String || id instanceof Integer || id instanceof Long || id instanceof BigInteger;
    }
}
