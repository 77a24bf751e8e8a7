package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A caller's schema as the validator will walk it: its subschemas and local references.
 */
final class SchemaGraph {

    /** One way a schema goes on: to one of {@code candidates} (more than one for a dynamic reference). */
    record Step(boolean sameInstance, List<JsonNode> candidates) {}

    private final JsonNode root;
    private final String idKeyword;
    /** Every schema object met so far, to the root of the resource (document or {@code $id}) it belongs to. */
    private final Map<JsonNode, JsonNode> resourceOf = new IdentityHashMap<>();

    private final Map<JsonNode, Map<String, List<JsonNode>>> anchors = new IdentityHashMap<>();
    private final Map<String, List<JsonNode>> dynamicAnchors = new HashMap<>();
    private final List<JsonNode> recursiveAnchors = new ArrayList<>();
    private final Map<JsonNode, List<Step>> steps = new IdentityHashMap<>();

    private SchemaGraph(JsonNode root) {
        this.root = root;
        JsonNode dialect = root.get("$schema");
        this.idKeyword = dialect != null && dialect.asText().contains("draft-04") ? "id" : "$id";
    }

    /** The graph of {@code schema}, a schema object. */
    static SchemaGraph of(JsonNode schema) {
        SchemaGraph graph = new SchemaGraph(schema);
        graph.meet(schema, schema);
        return graph;
    }

    JsonNode root() {
        return root;
    }

    /** Where {@code schema} goes on: its subschemas that apply to an instance, and what its references resolve to. */
    List<Step> steps(JsonNode schema) {
        List<Step> known = steps.get(schema);
        if (known == null) {
            List<Step> found = new ArrayList<>();
            Subschemas.forEach(schema, (subschema, applies) -> {
                if (applies != Subschemas.Applies.NOTHING) {
                    found.add(new Step(applies == Subschemas.Applies.SAME_INSTANCE, List.of(subschema)));
                }
            });
            if (schema.isObject()) {
                references(schema, found);
            }
            known = List.copyOf(found);
            steps.put(schema, known);
        }
        return known;
    }

    private void references(JsonNode schema, List<Step> found) {
        JsonNode resource = resourceOf.getOrDefault(schema, root);
        List<JsonNode> candidates = new ArrayList<>();
        String ref = localReference(schema, "$ref");
        if (ref != null) {
            addResolved(resource, ref, candidates);
            add(found, candidates);
        }
        String dynamicRef = localReference(schema, "$dynamicRef");
        if (dynamicRef != null) {
            candidates = new ArrayList<>();
            addResolved(resource, dynamicRef, candidates);
            candidates.addAll(dynamicAnchors.getOrDefault(dynamicRef.substring(1), List.of()));
            add(found, candidates);
        }
        if (localReference(schema, "$recursiveRef") != null) {
            candidates = new ArrayList<>(List.of(resource));
            candidates.addAll(recursiveAnchors);
            add(found, candidates);
        }
    }

    private static void add(List<Step> found, List<JsonNode> candidates) {
        if (!candidates.isEmpty()) {
            found.add(new Step(true, List.copyOf(candidates)));
        }
    }

    private static String localReference(JsonNode schema, String keyword) {
        JsonNode value = schema.get(keyword);
        return value != null && value.isTextual() && value.textValue().startsWith("#") ? value.textValue() : null;
    }

    /** Adds what {@code reference} ({@code #...}) names in {@code resource}, if it names a schema. */
    private void addResolved(JsonNode resource, String reference, List<JsonNode> candidates) {
        String fragment = decoded(reference.substring(1));
        JsonNode target;
        if (fragment.isEmpty()) {
            target = resource;
        } else if (fragment.startsWith("/")) {
            try {
                target = resource.at(JsonPointer.compile(fragment));
            } catch (IllegalArgumentException e) {
                return; // not a JSON pointer: the validator refuses the schema
            }
        } else {
            candidates.addAll(anchors.getOrDefault(resource, Map.of()).getOrDefault(fragment, List.of()));
            return;
        }
        if (target.isObject() || target.isBoolean()) {
            if (target.isObject() && !resourceOf.containsKey(target)) {
                meet(target, resource); // a pointer into data (#/enum/0) makes it a schema
            }
            candidates.add(target);
        }
    }

    /** Records {@code start} and the subschemas within it, with their resources and anchors. */
    private void meet(JsonNode start, JsonNode startResource) {
        Deque<JsonNode[]> pending = new ArrayDeque<>();
        pending.push(new JsonNode[] {start, startResource});
        while (!pending.isEmpty()) {
            JsonNode[] next = pending.pop();
            JsonNode schema = next[0];
            if (!schema.isObject() || resourceOf.containsKey(schema)) {
                continue;
            }
            JsonNode id = schema.get(idKeyword);
            boolean ownResource = schema != root
                    && id != null
                    && id.isTextual()
                    && !id.textValue().startsWith("#")
                    && !id.textValue().isEmpty();
            JsonNode resource = ownResource ? schema : next[1];
            resourceOf.put(schema, resource);
            anchor(
                    resource,
                    schema,
                    id != null && id.isTextual() && id.textValue().startsWith("#")
                            ? id.textValue().substring(1)
                            : null);
            anchor(resource, schema, text(schema.get("$anchor")));
            String dynamic = text(schema.get("$dynamicAnchor"));
            anchor(resource, schema, dynamic);
            if (dynamic != null) {
                dynamicAnchors
                        .computeIfAbsent(dynamic, name -> new ArrayList<>())
                        .add(schema);
            }
            if (resource == schema || schema == root) {
                JsonNode recursive = schema.get("$recursiveAnchor");
                if (recursive != null && recursive.asBoolean()) {
                    recursiveAnchors.add(schema);
                }
            }
            Subschemas.forEach(schema, (subschema, applies) -> pending.push(new JsonNode[] {subschema, resource}));
        }
    }

    private void anchor(JsonNode resource, JsonNode schema, String name) {
        if (name != null && !name.isEmpty()) {
            anchors.computeIfAbsent(resource, r -> new HashMap<>())
                    .computeIfAbsent(name, n -> new ArrayList<>())
                    .add(schema);
        }
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** A URI fragment with its {@code %XX} escapes decoded as UTF-8; malformed escapes are kept as written. */
    private static String decoded(String fragment) {
        if (fragment.indexOf('%') < 0) {
            return fragment;
        }
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            int high = i + 2 < fragment.length() ? Character.digit(fragment.charAt(i + 1), 16) : -1;
            int low = i + 2 < fragment.length() ? Character.digit(fragment.charAt(i + 2), 16) : -1;
            if (c == '%' && high >= 0 && low >= 0) {
                escaped.write(high * 16 + low);
                i += 2;
            } else {
                text.append(escaped.toString(StandardCharsets.UTF_8)).append(c);
                escaped.reset();
            }
        }
        return text.append(escaped.toString(StandardCharsets.UTF_8)).toString();
    }
}
