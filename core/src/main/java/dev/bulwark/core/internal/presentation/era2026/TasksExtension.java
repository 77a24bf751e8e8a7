package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Tool;
import java.util.Optional;
import java.util.Set;

/**
 * The wire of the Tasks extension ({@code io.modelcontextprotocol/tasks}) in the 2026 era: its identifier, its
 * methods, whether a client declared it, and the input a tool asks for before its task starts. The engine behind it
 * is {@link dev.bulwark.core.internal.business.tasks.TaskEngine}. Stateless.
 */
final class TasksExtension {

    /** The extension's identifier, under {@code capabilities.extensions}. */
    static final String EXTENSION = TaskMethods.ID;

    static final String GET = "tasks/get";
    static final String UPDATE = "tasks/update";
    static final String CANCEL = "tasks/cancel";

    /** The methods of the extension ({@link TaskMethods}). */
    static final Set<String> METHODS = Set.of(GET, UPDATE, CANCEL);

    private TasksExtension() {}

    /** The {@code -32021} refusal of a request that needs the extension from a client that did not declare it. */
    static Rejection missingExtension(ObjectMapper mapper) {
        return missingExtension(mapper, EXTENSION);
    }

    /** The {@code -32021} refusal of a request that needs the extension {@code id} from a client that did not declare it. */
    static Rejection missingExtension(ObjectMapper mapper, String id) {
        ObjectNode data = mapper.createObjectNode();
        data.putObject("requiredCapabilities").putObject("extensions").putObject(id);
        return new Rejection(
                400,
                Era2026Protocol.MISSING_REQUIRED_CLIENT_CAPABILITY,
                "Missing required client capability: the extension " + id,
                data);
    }

    /** Whether the client capabilities of a request declare the extension. */
    static boolean declared(JsonNode clientCapabilities) {
        return declared(clientCapabilities, EXTENSION);
    }

    /** Whether the client capabilities of a request declare the extension {@code id}. */
    static boolean declared(JsonNode clientCapabilities, String id) {
        JsonNode extensions = clientCapabilities == null ? null : clientCapabilities.get("extensions");
        return extensions != null && extensions.isObject() && extensions.has(id);
    }

    /**
     * The {@code input_required} result asking the input {@code tool} needs before its task starts that
     * {@code params} do not answer yet, or empty when they answer all of it.
     */
    static Optional<ObjectNode> inputBeforeTask(
            ClientRequestJson json, ObjectMapper mapper, Tool<?, ?> tool, ObjectNode params) {
        JsonNode responses = params.path("inputResponses");
        ObjectNode asked = mapper.createObjectNode();
        for (ClientRequest request : tool.inputBeforeTask()) {
            if (!responses.path(request.key()).isObject()) {
                asked.set(request.key(), json.inputRequest(request));
            }
        }
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode result = mapper.createObjectNode().put("resultType", "input_required");
        result.set("inputRequests", asked);
        return Optional.of(result);
    }
}
