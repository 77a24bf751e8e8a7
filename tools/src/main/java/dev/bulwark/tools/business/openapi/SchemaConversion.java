package dev.bulwark.tools.business.openapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns an OpenAPI document's schemas into JSON Schema (draft 2020-12) as a tool publishes it: a reference to
 * {@code #/components/schemas/X} becomes {@code #/$defs/X}, with every schema it reaches copied under {@code $defs};
 * OpenAPI 3.0's {@code nullable} and boolean {@code exclusiveMinimum}/{@code exclusiveMaximum} become their JSON
 * Schema forms; keywords that are documentation only ({@code example}, {@code xml}, {@code discriminator},
 * {@code externalDocs}, extensions) are left out. Not thread-safe: one per document read.
 */
final class SchemaConversion {

    private static final String COMPONENT_SCHEMAS = "#/components/schemas/";
    private static final Set<String> SCHEMA_MAPS =
            Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");
    private static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> SCHEMA_VALUES = Set.of(
            "items",
            "not",
            "additionalProperties",
            "contains",
            "if",
            "then",
            "else",
            "propertyNames",
            "unevaluatedItems",
            "unevaluatedProperties",
            "contentSchema");
    private static final Set<String> DROPPED = Set.of(
            "example",
            "xml",
            "discriminator",
            "externalDocs",
            "nullable",
            "exampleSetFlag",
            "types",
            "jsonSchema",
            "specVersion");

    private final String service;
    private final ObjectMapper writer;
    private final Map<String, Schema<?>> components;

    SchemaConversion(String service, OpenAPI document) {
        this.service = service;
        this.writer = document.getSpecVersion() == SpecVersion.V31 ? Json31.mapper() : Json.mapper();
        Map<String, Schema> schemas = document.getComponents() == null
                ? null
                : document.getComponents().getSchemas();
        Map<String, Schema<?>> copy = new LinkedHashMap<>();
        if (schemas != null) {
            schemas.forEach((name, schema) -> copy.put(name, schema));
        }
        this.components = copy;
    }

    /** The schema as JSON Schema, without {@code $defs}; {@code references} gets the component names it reaches. */
    Map<String, Object> convert(Schema<?> schema, String where, Set<String> references) {
        Map<String, Object> raw = writer.convertValue(schema, new TypeReference<Map<String, Object>>() {});
        return schemaMap(raw, where, references);
    }

    /**
     * The schema a {@code $ref} of a converted schema ({@code #/$defs/X}) names, converted; empty for another
     * reference. {@code references} gets the component names it reaches.
     */
    java.util.Optional<Map<String, Object>> referenced(String ref, String where, Set<String> references) {
        if (!ref.startsWith("#/$defs/")) {
            return java.util.Optional.empty();
        }
        Schema<?> component = components.get(ref.substring("#/$defs/".length()));
        return component == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(convert(component, where, references));
    }

    /**
     * The {@code $defs} for {@code references} and every component they reach in turn, by name.
     *
     * @throws OpenApiDocumentException naming {@code where} when a reference has no component
     */
    Map<String, Object> definitions(Set<String> references, String where) {
        Map<String, Object> defs = new TreeMap<>();
        Deque<String> pending = new ArrayDeque<>(references);
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (defs.containsKey(name)) {
                continue;
            }
            Schema<?> component = components.get(name);
            if (component == null) {
                throw unresolvable(COMPONENT_SCHEMAS + name, where);
            }
            Set<String> more = new java.util.LinkedHashSet<>();
            defs.put(name, convert(component, where, more));
            pending.addAll(more);
        }
        return defs;
    }

    private Map<String, Object> schemaMap(Map<String, Object> raw, String where, Set<String> references) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            String name = entry.getKey();
            Object value = entry.getValue();
            if (value == null || DROPPED.contains(name) || name.startsWith("x-") || name.equals("extensions")) {
                continue;
            }
            if (name.equals("$ref")) {
                out.put("$ref", reference(String.valueOf(value), where, references));
            } else if (SCHEMA_MAPS.contains(name) && value instanceof Map<?, ?> map) {
                Map<String, Object> converted = new LinkedHashMap<>();
                map.forEach((property, schema) ->
                        converted.put(String.valueOf(property), schemaValue(schema, where, references)));
                out.put(name, converted);
            } else if (SCHEMA_LISTS.contains(name) && value instanceof List<?> list) {
                List<Object> converted = new ArrayList<>();
                list.forEach(schema -> converted.add(schemaValue(schema, where, references)));
                out.put(name, converted);
            } else if (SCHEMA_VALUES.contains(name)) {
                out.put(name, schemaValue(value, where, references));
            } else {
                out.put(name, value);
            }
        }
        if (Boolean.TRUE.equals(raw.get("nullable")) && out.get("type") instanceof String type) {
            out.put("type", List.of(type, "null"));
        }
        bound(out, "exclusiveMinimum", "minimum");
        bound(out, "exclusiveMaximum", "maximum");
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object schemaValue(Object value, String where, Set<String> references) {
        return value instanceof Map<?, ?> map ? schemaMap((Map<String, Object>) map, where, references) : value;
    }

    /** OpenAPI 3.0's {@code exclusiveMinimum: true} beside {@code minimum: n} is JSON Schema's {@code exclusiveMinimum: n}. */
    private static void bound(Map<String, Object> schema, String exclusive, String inclusive) {
        Object flag = schema.get(exclusive);
        if (flag instanceof Boolean on) {
            schema.remove(exclusive);
            if (on && schema.containsKey(inclusive)) {
                schema.put(exclusive, schema.remove(inclusive));
            }
        }
    }

    private String reference(String ref, String where, Set<String> references) {
        if (ref.startsWith(COMPONENT_SCHEMAS)) {
            String name = ref.substring(COMPONENT_SCHEMAS.length());
            if (!components.containsKey(name)) {
                throw unresolvable(ref, where);
            }
            references.add(name);
            return "#/$defs/" + name;
        }
        throw OpenApiDocumentException.of(
                service,
                OpenApiSetting.DOCUMENT,
                where + " refers to '" + DocumentReader.shortened(ref)
                        + "'; a schema may refer only to #/components/schemas/...");
    }

    private OpenApiDocumentException unresolvable(String ref, String where) {
        return OpenApiDocumentException.of(
                service,
                OpenApiSetting.DOCUMENT,
                where + " refers to '" + DocumentReader.shortened(ref) + "', which the document does not hold");
    }
}
