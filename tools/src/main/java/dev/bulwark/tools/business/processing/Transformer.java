package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.bulwark.core.ToolException;
import java.util.Map;

/**
 * One {@link DataProcessingService#transform} call's work and counts: flattens nested objects and trims strings.
 * Used by one thread, then dropped.
 */
final class Transformer {

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    int flattenedObjects;
    int trimmedStrings;

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
            String key = prefix == null ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject() && !value.isEmpty()) {
                flattenedObjects++;
                flattenInto(flat, key, value, depth + 1);
            } else {
                put(flat, key, transform(value, depth));
            }
        }
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
            throw new ToolException("data nests deeper than " + DataProcessingService.MAX_DEPTH + " levels, more than transform follows");
        }
    }
}
