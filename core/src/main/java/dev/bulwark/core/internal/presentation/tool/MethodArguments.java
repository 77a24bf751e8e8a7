package dev.bulwark.core.internal.presentation.tool;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The arguments of a call to an {@code @McpTool} method whose parameters are each an argument: a type of its own, not
 * a {@code Map}, so that validation accepts {@code null} for an optional argument as it does for a record. Immutable.
 */
final class MethodArguments {

    private final ObjectNode tree;

    private MethodArguments(ObjectNode tree) {
        this.tree = tree;
    }

    /** Binds the arguments object; anything else binds as no arguments, which the schema check refuses first. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MethodArguments of(JsonNode arguments) {
        Objects.requireNonNull(arguments, "arguments");
        return new MethodArguments(
                arguments.isObject() ? ((ObjectNode) arguments).deepCopy() : JsonNodeFactory.instance.objectNode());
    }

    /** The value given for {@code name}, or {@code null} when it was left out or given as {@code null}. */
    JsonNode value(String name) {
        JsonNode value = tree.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** The arguments object, as a client sends it. */
    @JsonValue
    public ObjectNode tree() {
        return tree.deepCopy();
    }
}
