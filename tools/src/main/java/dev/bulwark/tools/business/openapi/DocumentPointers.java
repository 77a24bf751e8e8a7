package dev.bulwark.tools.business.openapi;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds what a reference inside a parsed document names by any JSON pointer ({@code #/...}), not only a component by
 * its name. Not thread-safe: one per document read.
 */
final class DocumentPointers {

    private final OpenAPI document;
    private final ObjectMapper mapper;

    /** The JSON form of each path item or component a pointer started in, by its place in the document. */
    private final Map<String, JsonNode> trees = new HashMap<>();

    DocumentPointers(OpenAPI document) {
        this.document = document;
        this.mapper = document.getSpecVersion() == SpecVersion.V31 ? Json31.mapper() : Json.mapper();
    }

    /** The mapper that turns the document's models into JSON and back. */
    ObjectMapper mapper() {
        return mapper;
    }

    /** The JSON of what {@code reference} ({@code #/...}) names; empty when it names nothing or is not a pointer. */
    Optional<JsonNode> node(String reference) {
        if (!reference.startsWith("#/")) {
            return Optional.empty();
        }
        JsonPointer pointer;
        try {
            pointer = JsonPointer.compile(DocumentReader.pointer(reference));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String first = pointer.getMatchingProperty();
        JsonPointer second = pointer.tail();
        JsonPointer third = second == null ? null : second.tail();
        Object start = null;
        String place = null;
        JsonPointer rest = null;
        if (third != null && !second.matches()) {
            String name = second.getMatchingProperty();
            if (first.equals("paths") && document.getPaths() != null) {
                start = document.getPaths().get(name);
                place = "paths/" + name;
                rest = third;
            } else if (first.equals("webhooks") && document.getWebhooks() != null) {
                start = document.getWebhooks().get(name);
                place = "webhooks/" + name;
                rest = third;
            } else if (first.equals("components") && !third.matches() && third.tail() != null) {
                Map<String, ?> kind = components(name);
                String component = third.getMatchingProperty();
                start = kind == null ? null : kind.get(component);
                place = "components/" + name + "/" + component;
                rest = third.tail();
            }
        }
        if (start == null) {
            // Anywhere else (an extension under components, the info object...): the whole document, seldom.
            start = document;
            place = "";
            rest = pointer;
        }
        Object from = start;
        JsonNode tree = trees.computeIfAbsent(place, key -> mapper.valueToTree(from));
        JsonNode target = tree.at(rest);
        return target.isMissingNode() ? Optional.empty() : Optional.of(target);
    }

    /** What {@code reference} names, read as {@code type}; empty when it names nothing. */
    <T> Optional<T> resolve(String reference, Class<T> type) {
        return node(reference).filter(JsonNode::isObject).map(node -> mapper.convertValue(node, type));
    }

    private Map<String, ?> components(String kind) {
        Components components = document.getComponents();
        if (components == null) {
            return null;
        }
        return switch (kind) {
            case "schemas" -> components.getSchemas();
            case "responses" -> components.getResponses();
            case "parameters" -> components.getParameters();
            case "requestBodies" -> components.getRequestBodies();
            case "headers" -> components.getHeaders();
            case "pathItems" -> components.getPathItems();
            default -> null;
        };
    }
}
