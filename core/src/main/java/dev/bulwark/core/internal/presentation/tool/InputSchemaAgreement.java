package dev.bulwark.core.internal.presentation.tool;

import dev.bulwark.core.internal.business.validation.SchemaPatterns;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses, when a tool is built, an explicit input schema that disagrees with the record its arguments bind to.
 * Stateless.
 */
public final class InputSchemaAgreement {

    /** Top-level keywords through which a schema can declare properties other than its own {@code properties}. */
    private static final List<String> COMPOSITION_KEYWORDS = List.of("$ref", "allOf", "anyOf", "oneOf");

    private InputSchemaAgreement() {}

    /** Throws {@link IllegalArgumentException} naming every way {@code schema} disagrees with {@code inputType}. */
    public static void require(String toolName, Map<String, Object> schema, Class<?> inputType) {
        try {
            ToolParamNames.requireNoneOnComponents(inputType);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tool '" + toolName + "': " + e.getMessage(), e);
        }
        List<String> disagreements = problems(schema, inputType);
        if (!disagreements.isEmpty()) {
            throw new IllegalArgumentException("tool '" + toolName + "': " + String.join("; ", disagreements));
        }
    }

    /**
     * Throws {@link IllegalArgumentException} if a {@code pattern} of {@code schema} does not compile: the
     * validator would skip it and accept anything.
     */
    public static void requireCompilingPatterns(String toolName, Map<String, Object> schema) {
        List<String> badPatterns = SchemaPatterns.invalidIn(schema);
        if (!badPatterns.isEmpty()) {
            throw new IllegalArgumentException("tool '" + toolName + "' has an input schema whose regular"
                    + " expression does not compile (the validator would skip it and accept anything): "
                    + String.join("; ", badPatterns));
        }
    }

    /**
     * What in {@code schema} disagrees with {@code inputType}, one sentence each, without the tool's name; empty when
     * they agree or when {@code inputType} is not a record.
     */
    public static List<String> problems(Map<String, Object> schema, Class<?> inputType) {
        if (!inputType.isRecord()) {
            return List.of();
        }
        String record = inputType.getSimpleName();
        Object type = schema.get("type");
        if (type != null && !"object".equals(type)) {
            String given = type instanceof String name ? "'" + name + "'" : String.valueOf(type);
            return List.of("its input schema has type " + given + ", but a call's arguments are a JSON object bound"
                    + " to " + record + ": give \"type\": \"object\" or leave the type out");
        }
        if (COMPOSITION_KEYWORDS.stream().anyMatch(schema::containsKey)) {
            return List.of(); // its properties may come from the referenced or combined schemas: not compared
        }
        Map<String, Object> generated = JsonSchemas.forType(inputType);
        Set<String> components = propertyNames(generated);
        Set<String> declared = propertyNames(schema);
        List<String> problems = new ArrayList<>();
        for (String property : declared) {
            if (!components.contains(property)) {
                problems.add("its input schema declares '" + property + "', which " + record
                        + " has no component for (" + listed(components)
                        + "): remove it from the schema, or add the component");
            }
        }
        List<String> requiredBySchema = requiredNames(schema);
        for (String component : requiredNames(generated)) {
            if (!declared.contains(component)) {
                problems.add(record + "'s component '" + component + "' is required but its input schema does not"
                        + " declare it: declare it, or make the component Optional / @ToolParam(required = false)");
            } else if (!requiredBySchema.contains(component)) {
                // Validation is what keeps it from arriving missing: the handler would get null (or 0, false).
                problems.add(record + "'s component '" + component + "' is required but its input schema does not"
                        + " list it in 'required': add it there, or make the component Optional /"
                        + " @ToolParam(required = false)");
            }
        }
        return problems;
    }

    /** The names under {@code properties}, in their order; none when it is absent or not an object. */
    private static Set<String> propertyNames(Map<String, Object> schema) {
        if (!(schema.get("properties") instanceof Map<?, ?> properties)) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        properties.keySet().forEach(name -> names.add(String.valueOf(name)));
        return names;
    }

    /** The record's components for a message: "its components: a, b", or that it has none. */
    private static String listed(Set<String> components) {
        return components.isEmpty() ? "it has no components" : "its components: " + String.join(", ", components);
    }

    /** The names listed under {@code required} of a generated schema. */
    private static List<String> requiredNames(Map<String, Object> schema) {
        if (!(schema.get("required") instanceof List<?> required)) {
            return List.of();
        }
        return required.stream().map(String::valueOf).toList();
    }
}
