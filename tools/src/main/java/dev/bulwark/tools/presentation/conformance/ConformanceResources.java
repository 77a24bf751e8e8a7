package dev.bulwark.tools.presentation.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceTemplate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources of the conformance suite's {@code resources-*} scenarios.
 */
public final class ConformanceResources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConformanceResources() {}

    /** The fixed-URI resources. */
    public static List<Resource> all() {
        return List.of(
                new Resource(
                        "test://static-text",
                        "Static Text Resource",
                        "A static text resource for testing",
                        "text/plain",
                        context -> "This is the content of the static text resource."),
                Resource.binary(
                        "test://static-binary",
                        "Static Binary Resource",
                        "A static binary resource for testing",
                        "image/png",
                        context -> Base64.getDecoder().decode(ConformanceMedia.RED_PIXEL_PNG)),
                new Resource(
                        "test://watched-resource",
                        "Watched Resource",
                        "A resource that can be subscribed to for updates",
                        "text/plain",
                        context -> "This is a watched resource content."));
    }

    /** The resource template whose reads echo the {@code id} variable as JSON. */
    public static ResourceTemplate template() {
        return new ResourceTemplate(
                "test://template/{id}/data",
                "Template Resource",
                "A resource template for testing parameter substitution",
                "application/json",
                (uri, variables, context) -> {
                    String id = variables.getOrDefault("id", "");
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("id", id);
                    data.put("templateTest", true);
                    data.put("data", "Data for ID: " + id);
                    return JSON.writeValueAsString(data);
                });
    }
}
