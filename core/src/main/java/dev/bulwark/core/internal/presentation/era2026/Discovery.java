package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;

/**
 * The answer to {@code server/discover}: the protocol versions Bulwark speaks and the capabilities of the handlers
 * really registered (tools always; resources, prompts and completions only when there are some). No list ever
 * changes while the server runs, so none is declared {@code listChanged}. Thread-safe.
 */
final class Discovery {

    private final ObjectMapper mapper;
    private final ServerFeatures features;
    private final boolean tasks;

    /** @param tasks whether the Tasks extension is offered (some tool supports tasks) */
    Discovery(ObjectMapper mapper, ServerFeatures features, boolean tasks) {
        this.mapper = mapper;
        this.features = features;
        this.tasks = tasks;
    }

    /** A new discovery result, without the fields {@link ResultShaping} adds. */
    ObjectNode result() {
        ObjectNode result = mapper.createObjectNode();
        Era2026Protocol.SUPPORTED_VERSIONS.forEach(result.putArray("supportedVersions")::add);
        result.set("capabilities", capabilities());
        return result;
    }

    /** The server capabilities of the 2026 era. */
    ObjectNode capabilities() {
        ObjectNode capabilities = mapper.createObjectNode();
        capabilities.putObject("tools");
        if (!features.resources().isEmpty() || !features.resourceTemplates().isEmpty()) {
            capabilities.putObject("resources");
        }
        if (!features.prompts().isEmpty()) {
            capabilities.putObject("prompts");
        }
        if (!features.completions().isEmpty()) {
            capabilities.putObject("completions");
        }
        if (tasks) {
            capabilities.putObject("extensions").putObject(TasksExtension.EXTENSION);
        }
        return capabilities;
    }
}
