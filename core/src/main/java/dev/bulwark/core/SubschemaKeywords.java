package dev.bulwark.core;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** The JSON Schema keywords whose values are schemas, for code that walks or rewrites a schema. Stateless. */
public final class SubschemaKeywords {

    /**
     * Keywords whose value is one schema, or a list of schemas: {@code items} is either, by draft, and the
     * applicators {@code allOf}, {@code anyOf}, {@code oneOf} and {@code prefixItems} are lists.
     */
    private static final Set<String> SCHEMA_OR_LIST = Set.of(
            "items",
            "additionalItems",
            "prefixItems",
            "allOf",
            "anyOf",
            "oneOf",
            "not",
            "if",
            "then",
            "else",
            "additionalProperties",
            "contains",
            "propertyNames",
            "unevaluatedItems",
            "unevaluatedProperties",
            "contentSchema");

    /** Keywords whose value is an object of schemas by name. */
    private static final Set<String> SCHEMAS_BY_NAME =
            Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");

    private SubschemaKeywords() {}

    /** Whether {@code keyword}'s value is one schema or a list of schemas. */
    public static boolean holdsSchemaOrList(String keyword) {
        return SCHEMA_OR_LIST.contains(keyword);
    }

    /** Whether {@code keyword}'s value is an object whose every member is a schema. */
    public static boolean holdsSchemasByName(String keyword) {
        return SCHEMAS_BY_NAME.contains(keyword);
    }

    /**
     * Calls {@code visit} with each schema directly inside {@code schema} and its place relative to it:
     * {@code .not}, {@code .allOf[1]}, {@code .properties.name}. A value of a keyword that is not of the shape
     * the keyword gives is not a schema and is skipped.
     */
    public static void forEachSubschema(Map<?, ?> schema, BiConsumer<String, Object> visit) {
        for (Map.Entry<?, ?> entry : schema.entrySet()) {
            String keyword = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            if (holdsSchemaOrList(keyword) && value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    visit.accept("." + keyword + "[" + i + "]", list.get(i));
                }
            } else if (holdsSchemaOrList(keyword) && value != null) {
                visit.accept("." + keyword, value);
            } else if (holdsSchemasByName(keyword) && value instanceof Map<?, ?> byName) {
                byName.forEach((name, subschema) -> visit.accept("." + keyword + "." + name, subschema));
            }
        }
    }
}
