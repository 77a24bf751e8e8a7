package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.ToolException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Refuses a caller's schema that refers to another document.
 */
final class LocalReferences {

    /** Keywords that reference another schema; only local references ({@code #...}) are followed. */
    private static final Set<String> REFERENCE_KEYWORDS = Set.of("$ref", "$dynamicRef", "$recursiveRef");

    private LocalReferences() {}

    /**
     * @throws ToolException naming the first reference to another document
     */
    static void require(JsonNode schema) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(schema);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            for (String keyword : REFERENCE_KEYWORDS) {
                JsonNode value = node.get(keyword);
                if (value != null && value.isTextual() && !value.textValue().startsWith("#")) {
                    throw new ToolException("schema " + keyword + " '" + value.textValue()
                            + "' refers to another document; only local references such as '#/$defs/item'"
                            + " are supported");
                }
            }
            Subschemas.forEach(node, (subschema, applies) -> pending.push(subschema));
        }
    }
}
