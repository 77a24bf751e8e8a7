package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import java.util.Map;

/**
 * The answer to {@code server/discover}: the protocol versions Bulwark speaks and the capabilities of the handlers
 * really registered (tools always; resources, prompts and completions only when there are some). Thread-safe.
 */
final class Discovery {

    private final ObjectMapper mapper;
    private final ServerFeatures features;
    private final ExtensionRequests extensions;

    /** @param extensions the extensions of this era (Tasks among them when a tool takes tasks), with their settings */
    Discovery(ObjectMapper mapper, ServerFeatures features, ExtensionRequests extensions) {
        this.mapper = mapper;
        this.features = features;
        this.extensions = extensions;
    }

    /** A new discovery result, without the fields {@link ResultShaping} adds. */
    ObjectNode result() {
        ObjectNode result = mapper.createObjectNode();
        Era2026Protocol.SUPPORTED_VERSIONS.forEach(result.putArray("supportedVersions")::add);
        result.set("capabilities", capabilities());
        return result;
    }

    /**
     * The server capabilities of the 2026 era: the tools {@code listChanged} (the catalogue may change while the
     * server runs), the resources only when an extension announces their changes, the prompts when a pack may change
     * them; {@code resources.subscribe} when a pack watches resources.
     */
    ObjectNode capabilities() {
        ObjectNode capabilities = mapper.createObjectNode();
        capabilities.putObject("tools").put("listChanged", true);
        if (!features.resources().isEmpty()
                || !features.resourceTemplates().isEmpty()
                || features.resourceListChanges()
                || extensions.servesResources()) {
            ObjectNode resources = capabilities.putObject("resources");
            if (extensions.announcesResourceChanges() || features.resourceListChanges()) {
                resources.put("listChanged", true);
            }
            if (features.resourceSubscribers().isPresent()) {
                resources.put("subscribe", true); // honoured in subscriptions/listen's resourceSubscriptions
            }
        }
        if (features.promptListChanges()) {
            capabilities.putObject("prompts").put("listChanged", true);
        } else if (!features.prompts().isEmpty()) {
            capabilities.putObject("prompts");
        }
        if (!features.completions().isEmpty() || features.catalogueCompletions()) {
            capabilities.putObject("completions");
        }
        Map<String, Map<String, Object>> declared = extensions.capabilities();
        if (!declared.isEmpty()) {
            ObjectNode offered = capabilities.putObject("extensions");
            declared.forEach((id, settings) -> offered.set(id, mapper.valueToTree(settings)));
        }
        return capabilities;
    }
}
