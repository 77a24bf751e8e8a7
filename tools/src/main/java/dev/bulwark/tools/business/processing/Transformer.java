package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.bulwark.core.ToolException;
import java.util.Map;

/**
 * One {@link DataProcessingService#transform} call's work and counts.
 */
final class Transformer {

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final long maxKeyCharacters;
    private long keyCharacters;
    int flattenedObjects;
    int trimmedStrings;

    /**
     * Each flattened key repeats its whole path, so the keys are counted as they are made: 18 keys of 49,000
     * characters above 12,000 leaves would make 10 billion characters of keys from under 1 MB of data.
     *
     * @param maxKeyCharacters the most characters the dotted keys it composes may have in all
     */
    Transformer(long maxKeyCharacters) {
        this.maxKeyCharacters = maxKeyCharacters;
    }

    JsonNode transform(JsonNode node, int depth) {
        requireDepth(depth);
        if (node.isObject()) {
            ObjectNode flat = nodes.objectNode();
            flattenInto(flat, null, node, depth + 1);
            return flat;
        }
        if (node.isArray()) {
            ArrayNode elements = nodes.arrayNode(node.size());
            for (JsonNode element : node) {
                elements.add(transform(element, depth + 1));
            }
            return elements;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            String stripped = text.strip();
            if (stripped.length() != text.length()) {
                trimmedStrings++;
                return TextNode.valueOf(stripped);
            }
        }
        return node; // scalars are immutable
    }

    private void flattenInto(ObjectNode flat, String prefix, JsonNode object, int depth) {
        requireDepth(depth);
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = prefix == null ? field.getKey() : composed(prefix, field.getKey());
            JsonNode value = field.getValue();
            if (value.isObject() && !value.isEmpty()) {
                flattenedObjects++;
                flattenInto(flat, key, value, depth + 1);
            } else {
                put(flat, key, transform(value, depth));
            }
        }
    }

    /** {@code prefix.name}, once its length is counted against the limit (before it is made). */
    private String composed(String prefix, String name) {
        keyCharacters += prefix.length() + 1L + name.length();
        if (keyCharacters > maxKeyCharacters) {
            throw new ToolException("transform cannot flatten the data: its dotted keys would have more than "
                    + maxKeyCharacters + " characters in all, the limit (each key repeats the whole path above it);"
                    + " nest less deeply under long keys, or send less data");
        }
        return prefix + "." + name;
    }

    private static void put(ObjectNode flat, String key, JsonNode value) {
        if (flat.has(key)) {
            throw new ToolException("transform cannot flatten the data: the key '" + key + "' occurs twice once"
                    + " nested objects are flattened (a dotted key collides with a nested path); rename one");
        }
        flat.set(key, value);
    }

    private static void requireDepth(int depth) {
        if (depth > DataProcessingService.MAX_DEPTH) {
            throw new ToolException("data nests deeper than " + DataProcessingService.MAX_DEPTH
                    + " levels, more than transform follows");
        }
    }
}
