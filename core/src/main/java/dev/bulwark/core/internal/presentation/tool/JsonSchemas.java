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
 * Generates the JSON Schemas (draft 2020-12) of tool input and output records. Thread-safe.
 */
public final class JsonSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSchemas() {}

    /**
     * The output schema generated for {@code outputType}, or {@code null} when the type publishes none: text-only
     * ({@code Void}), free-form ({@code Map}, {@code JsonNode}) or {@code Object} results.
     */
    public static Map<String, Object> forOutputType(Class<?> outputType) {
        if (outputType == Void.class
                || Map.class.isAssignableFrom(outputType)
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

    /** The class-path resource a build ships {@code type}'s schema as, which {@link #forType} reads first. */
    public static String resourceName(Class<?> type) {
        return SchemaResources.resourceName(type);
    }

    /** The class-path folder of the schemas a build ships. */
    public static String resourceFolder() {
        return SchemaResources.FOLDER;
    }

    /**
     * {@code type}'s schema generated now, as the text of the resource {@link #forType} reads: for a build that
     * ships its tools' schemas, which writes it to {@link #resourceName}.
     */
    public static String resourceText(Class<?> type) {
        return SchemaResources.text(type);
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
