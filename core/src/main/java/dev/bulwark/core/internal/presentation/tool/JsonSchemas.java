package dev.bulwark.core.internal.presentation.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates JSON Schemas (draft 2020-12) for tool input and output records with the victools generator. Record
 * components become properties; a component is required unless it is an {@code Optional} or annotated
 * {@code @ToolParam(required = false)}, and such a component may also be {@code null} (Jackson writes an absent
 * {@code Optional} or a null field as {@code null}), except in the input schema clients are shown
 * ({@link #forInputType}); unknown properties are refused. Enums are written with their
 * Jackson names ({@code @JsonValue} / {@code @JsonProperty}), a {@code Map} accepts any keys with values of its
 * value type, a {@code JsonNode} component accepts any JSON value, {@code java.time} types are strings of their
 * ISO-8601 format ({@code date-time}, {@code date}, ...), as the default mapper writes them, a {@code byte[]} is a
 * base64 string, and {@code OptionalInt}, {@code OptionalLong} and {@code OptionalDouble} are optional numbers, like
 * an {@code Optional}. A type whose schema the build already generated ({@link SchemaResources}) is read from that
 * resource instead, so the generator (some 300 classes) is loaded only for types without one. Thread-safe.
 */
public final class JsonSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSchemas() {
    }

    /**
     * The output schema generated for {@code outputType}, or {@code null} when the type publishes none: text-only
     * ({@code Void}), free-form ({@code Map}, {@code JsonNode}) or {@code Object} results.
     */
    public static Map<String, Object> forOutputType(Class<?> outputType) {
        if (outputType == Void.class || Map.class.isAssignableFrom(outputType)
                || com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(outputType)
                || outputType == Object.class) {
            return null;
        }
        return forType(outputType);
    }

    /**
     * The input schema generated for {@code inputType}, as clients are shown it: a property that need not be given
     * has its plain type, without a {@code null} alternative ({@link OptionalProperties}).
     *
     * @throws IllegalArgumentException if a record component is named with {@code @ToolParam(name = ...)}
     */
    public static Map<String, Object> forInputType(Class<?> inputType) {
        ToolParamNames.requireNoneOnComponents(inputType);
        return OptionalProperties.withPlainTypes(forType(inputType));
    }

    /**
     * The JSON Schema of {@code type}, as the map the MCP SDK expects: the one the build generated for it when its
     * class path holds one ({@link SchemaResources}), else generated now.
     */
    public static Map<String, Object> forType(Class<?> type) {
        Map<String, Object> built = SchemaResources.read(type, MAPPER);
        return built != null ? built : generated(type);
    }

    /** The JSON Schema the generator makes of {@code type} now, whatever resource the class path holds. */
    public static Map<String, Object> generated(Class<?> type) {
        ObjectNode schema = SchemaGeneration.generate(type);
        if (!"object".equals(schema.path("type").asText())) {
            throw new IllegalArgumentException(type.getName() + " does not describe a JSON object; tool inputs"
                    + " and outputs must be records or classes with fields, or give an explicit schema");
        }
        return toMap(schema);
    }

    /**
     * A copy of {@code schema} that nothing can change, at any depth, in the same order: a tool's schemas are
     * checked once, when it is built, and then read by every call and every {@code tools/list}.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> frozen(Map<String, Object> schema) {
        return (Map<String, Object>) freeze(schema);
    }

    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key, freeze(item)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(freeze(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** Converts a schema tree to a map. */
    public static Map<String, Object> toMap(JsonNode schema) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MAPPER.convertValue(schema, Map.class);
        return map;
    }
}
