package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * The subschemas directly inside one JSON Schema object, found by keyword.
 */
final class Subschemas {

    /** What a subschema applies to. */
    enum Applies {
        /** The instance its parent checks ({@code allOf}, {@code not}, {@code then}...). */
        SAME_INSTANCE,
        /** A value inside that instance, or one of its property names ({@code properties}, {@code items}...). */
        CHILD_INSTANCE,
        /** Nothing by itself: a definition for references ({@code $defs}, {@code definitions}). */
        NOTHING
    }

    /** Receives one subschema. */
    @FunctionalInterface
    interface Visitor {
        void visit(JsonNode subschema, Applies applies);
    }

    private static final Set<String> SAME = Set.of("not", "if", "then", "else");
    private static final Set<String> SAME_LISTS = Set.of("allOf", "anyOf", "oneOf");
    private static final Set<String> SAME_MAPS = Set.of("dependentSchemas", "dependencies");
    private static final Set<String> CHILD = Set.of(
            "additionalProperties",
            "items",
            "contains",
            "propertyNames",
            "unevaluatedItems",
            "unevaluatedProperties",
            "additionalItems",
            "contentSchema");
    private static final Set<String> CHILD_LISTS = Set.of("prefixItems", "items");
    private static final Set<String> CHILD_MAPS = Set.of("properties", "patternProperties");
    private static final Set<String> DEFINITION_MAPS = Set.of("$defs", "definitions");

    private Subschemas() {}

    /** Hands every subschema directly inside {@code schema} to {@code visitor}; nothing when it is no object. */
    static void forEach(JsonNode schema, Visitor visitor) {
        if (!schema.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            if (SAME.contains(keyword)) {
                single(value, Applies.SAME_INSTANCE, visitor);
            } else if (SAME_LISTS.contains(keyword)) {
                list(value, Applies.SAME_INSTANCE, visitor);
            } else if (SAME_MAPS.contains(keyword)) {
                map(value, Applies.SAME_INSTANCE, visitor); // dependencies: an array of names is no schema
            } else if (CHILD.contains(keyword) || CHILD_LISTS.contains(keyword)) {
                // items is a schema, or (before 2020-12) a list of them
                if (CHILD.contains(keyword)) {
                    single(value, Applies.CHILD_INSTANCE, visitor);
                }
                if (CHILD_LISTS.contains(keyword)) {
                    list(value, Applies.CHILD_INSTANCE, visitor);
                }
            } else if (CHILD_MAPS.contains(keyword)) {
                map(value, Applies.CHILD_INSTANCE, visitor);
            } else if (DEFINITION_MAPS.contains(keyword)) {
                map(value, Applies.NOTHING, visitor);
            }
        }
    }

    private static void single(JsonNode value, Applies applies, Visitor visitor) {
        if (isSchema(value)) {
            visitor.visit(value, applies);
        }
    }

    private static void list(JsonNode value, Applies applies, Visitor visitor) {
        if (value.isArray()) {
            value.forEach(element -> single(element, applies, visitor));
        }
    }

    private static void map(JsonNode value, Applies applies, Visitor visitor) {
        if (value.isObject()) {
            value.forEach(member -> single(member, applies, visitor));
        }
    }

    /** A schema is an object or, from draft 06 on, {@code true} or {@code false}. */
    private static boolean isSchema(JsonNode value) {
        return value.isObject() || value.isBoolean();
    }
}
