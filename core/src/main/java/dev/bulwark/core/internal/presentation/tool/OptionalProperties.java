package dev.bulwark.core.internal.presentation.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two views of an object schema's optional properties: as published to clients, and as checked. Stateless.
 */
public final class OptionalProperties {

    private static final Map<String, Object> NULL_SCHEMA = Map.of("type", "null");

    private OptionalProperties() {}

    /**
     * {@code schema} with every optional property's {@code null} alternative removed, as clients are shown it: many
     * clients build forms from it and cannot fill a {@code ["integer", "null"]} union.
     */
    public static Map<String, Object> withPlainTypes(Map<String, Object> schema) {
        return rewrite(schema, OptionalProperties::withoutNull);
    }

    /**
     * {@code schema} with every optional property also accepting {@code null}, as arguments are checked: a record
     * binds a {@code null} exactly as a property left out.
     */
    public static Map<String, Object> acceptingNull(Map<String, Object> schema) {
        return rewrite(schema, OptionalProperties::withNull);
    }

    private interface PropertyRewrite {
        Map<String, Object> apply(Map<String, Object> property);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rewrite(Map<String, Object> schema, PropertyRewrite optional) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        Object required = schema.get("required");
        List<?> requiredNames = required instanceof List<?> list ? list : List.of();
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            Map<String, Object> rewritten = new LinkedHashMap<>();
            properties.forEach((name, value) -> {
                Object property = descend(value, optional);
                if (!requiredNames.contains(name) && property instanceof Map<?, ?> map) {
                    property = optional.apply((Map<String, Object>) map);
                }
                rewritten.put((String) name, property);
            });
            copy.put("properties", rewritten);
        }
        for (String key : List.of("items", "additionalProperties", "$defs", "definitions")) {
            if (schema.containsKey(key)) {
                Object value = schema.get(key);
                copy.put(
                        key,
                        key.equals("$defs") || key.equals("definitions")
                                ? descendEach(value, optional)
                                : descend(value, optional));
            }
        }
        for (String key : List.of("anyOf", "oneOf", "allOf")) {
            if (schema.get(key) instanceof List<?> alternatives) {
                List<Object> rewritten = new ArrayList<>();
                alternatives.forEach(alternative -> rewritten.add(descend(alternative, optional)));
                copy.put(key, rewritten);
            }
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object descend(Object value, PropertyRewrite optional) {
        return value instanceof Map<?, ?> map ? rewrite((Map<String, Object>) map, optional) : value;
    }

    private static Object descendEach(Object value, PropertyRewrite optional) {
        if (!(value instanceof Map<?, ?> definitions)) {
            return value;
        }
        Map<String, Object> rewritten = new LinkedHashMap<>();
        definitions.forEach((name, definition) -> rewritten.put((String) name, descend(definition, optional)));
        return rewritten;
    }

    private static Map<String, Object> withoutNull(Map<String, Object> property) {
        Map<String, Object> copy = new LinkedHashMap<>(property);
        if (property.get("type") instanceof List<?> types && types.contains("null")) {
            List<Object> others = new ArrayList<>(types);
            others.remove("null");
            if (others.isEmpty()) {
                return property;
            }
            copy.put("type", others.size() == 1 ? others.get(0) : others);
        }
        for (String key : List.of("anyOf", "oneOf")) {
            if (property.get(key) instanceof List<?> alternatives && alternatives.contains(NULL_SCHEMA)) {
                List<Object> others = new ArrayList<>(alternatives);
                others.remove(NULL_SCHEMA);
                if (others.size() == 1 && others.get(0) instanceof Map<?, ?> only) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> inlined = new LinkedHashMap<>((Map<String, Object>) only);
                    copy.remove(key);
                    copy.forEach(inlined::putIfAbsent);
                    return inlined;
                }
                copy.put(key, others);
            }
        }
        return copy;
    }

    private static Map<String, Object> withNull(Map<String, Object> property) {
        if (property.isEmpty()) {
            return property; // the empty schema accepts null already
        }
        Object type = property.get("type");
        if (type instanceof String name && !property.containsKey("enum") && !property.containsKey("const")) {
            Map<String, Object> copy = new LinkedHashMap<>(property);
            copy.put("type", "null".equals(name) ? name : List.of(name, "null"));
            return copy;
        }
        if (type instanceof List<?> types && !property.containsKey("enum") && !property.containsKey("const")) {
            if (types.contains("null")) {
                return property;
            }
            List<Object> withNull = new ArrayList<>(types);
            withNull.add("null");
            Map<String, Object> copy = new LinkedHashMap<>(property);
            copy.put("type", withNull);
            return copy;
        }
        return Map.of("anyOf", List.of(NULL_SCHEMA, property));
    }
}
