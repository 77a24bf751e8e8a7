package dev.bulwark.tools.business.openapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.SubschemaKeywords;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns an OpenAPI document's schemas into JSON Schema (draft 2020-12) as a tool publishes it, every schema a
 * reference reaches copied under {@code $defs}. Not thread-safe: one per document read.
 */
final class SchemaConversion {

    private static final String COMPONENT_SCHEMAS = "#/components/schemas/";
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

    /** The longest name a place in the document gets under {@code $defs}, before its hash. */
    private static final int MAX_PLACE_NAME = 96;

    private final String service;
    private final ObjectMapper writer;
    private final DocumentPointers pointers;
    private final Map<String, Schema<?>> components;

    /** The name under {@code $defs} of each other place a reference names, by the reference. */
    private final Map<String, String> placeNames = new HashMap<>();

    /** The JSON form of each other place a reference names, by its name under {@code $defs}. */
    private final Map<String, Object> places = new HashMap<>();

    SchemaConversion(String service, DocumentPointers pointers, OpenAPI document) {
        this.service = service;
        this.pointers = pointers;
        this.writer = pointers.mapper();
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
        String name = ref.substring("#/$defs/".length());
        Schema<?> component = components.get(name);
        if (component != null) {
            return java.util.Optional.of(convert(component, where, references));
        }
        return places.get(name) instanceof Map<?, ?> place
                ? java.util.Optional.of(schemaMap(map(place), where, references))
                : java.util.Optional.empty();
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
            Set<String> more = new java.util.LinkedHashSet<>();
            if (component != null) {
                defs.put(name, convert(component, where, more));
            } else if (places.containsKey(name)) {
                defs.put(name, schemaValue(places.get(name), where, more));
            } else {
                throw unresolvable(COMPONENT_SCHEMAS + name, where);
            }
            pending.addAll(more);
        }
        return defs;
    }

    /**
     * {@code raw} as JSON Schema: OpenAPI 3.0's {@code nullable} and boolean {@code exclusiveMinimum}/{@code
     * exclusiveMaximum} become their JSON Schema forms; keywords that are documentation only ({@code example},
     * {@code xml}, {@code discriminator}, {@code externalDocs}, extensions) are left out.
     */
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
            } else if (SubschemaKeywords.holdsSchemasByName(name) && value instanceof Map<?, ?> map) {
                Map<String, Object> converted = new LinkedHashMap<>();
                map.forEach((property, schema) ->
                        converted.put(String.valueOf(property), schemaValue(schema, where, references)));
                out.put(name, converted);
            } else if (SubschemaKeywords.holdsSchemaOrList(name) && value instanceof List<?> list) {
                List<Object> converted = new ArrayList<>();
                list.forEach(schema -> converted.add(schemaValue(schema, where, references)));
                out.put(name, converted);
            } else if (SubschemaKeywords.holdsSchemaOrList(name)) {
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

    private Object schemaValue(Object value, String where, Set<String> references) {
        return value instanceof Map<?, ?> schema ? schemaMap(map(schema), where, references) : value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<?, ?> value) {
        return (Map<String, Object>) value;
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

    /**
     * The converted form of {@code ref}: {@code #/components/schemas/X} becomes {@code #/$defs/X}; a reference to
     * any other place in the document ({@code #/components/schemas/X/properties/y}) gets a name of its own under
     * {@code $defs} ({@code X.properties.y}), so each place is copied once however often it is named.
     */
    private String reference(String ref, String where, Set<String> references) {
        if (ref.startsWith(COMPONENT_SCHEMAS) && components.containsKey(ref.substring(COMPONENT_SCHEMAS.length()))) {
            String name = ref.substring(COMPONENT_SCHEMAS.length());
            references.add(name);
            return "#/$defs/" + name;
        }
        if (!ref.startsWith("#/")) {
            throw OpenApiDocumentException.of(
                    service,
                    OpenApiSetting.DOCUMENT,
                    where + " refers to '" + DocumentReader.shortened(ref)
                            + "'; a schema may refer only to a place in its document (#/...)");
        }
        String name = placeNames.get(ref);
        if (name == null) {
            JsonNode place = pointers.node(ref).orElseThrow(() -> unresolvable(ref, where));
            name = placeName(ref);
            placeNames.put(ref, name);
            places.put(name, writer.convertValue(place, Object.class));
        }
        references.add(name);
        return "#/$defs/" + name;
    }

    /**
     * A name under {@code $defs} for the place {@code ref} names: its pointer's parts joined by dots, each part's
     * characters that a URI fragment would have to encode made {@code _} ({@code X.properties.y},
     * {@code paths._pets.get.responses.200.content.application_json.schema}); cut short with a hash when long, and
     * numbered when another place or a component already has it.
     */
    private String placeName(String ref) {
        String pointer = DocumentReader.pointer(ref);
        if (pointer.startsWith(COMPONENT_SCHEMAS.substring(1))) {
            pointer = pointer.substring(COMPONENT_SCHEMAS.length() - 1);
        } else {
            pointer = pointer.substring(1);
        }
        StringBuilder name = new StringBuilder();
        for (String part : pointer.split("/", -1)) {
            String plain = part.replace("~1", "/").replace("~0", "~");
            name.append(name.length() > 0 ? "." : "").append(plain.replaceAll("[^A-Za-z0-9_.-]", "_"));
        }
        String base = name.toString();
        if (base.length() > MAX_PLACE_NAME) {
            base = base.substring(0, MAX_PLACE_NAME) + "." + hash(ref);
        }
        String candidate = base;
        for (int n = 2; components.containsKey(candidate) || places.containsKey(candidate); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private OpenApiDocumentException unresolvable(String ref, String where) {
        return OpenApiDocumentException.of(
                service,
                OpenApiSetting.DOCUMENT,
                where + " refers to '" + DocumentReader.shortened(ref) + "', which the document does not hold");
    }
}
