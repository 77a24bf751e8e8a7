package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether a 2026-era request's client declared an extension in its capabilities, and the {@code -32021} refusal of a
 * request that needs one it did not declare. Stateless.
 */
final class DeclaredExtensions {

    private DeclaredExtensions() {}

    /** Whether the client capabilities of a request declare the extension {@code id}. */
    static boolean declared(JsonNode clientCapabilities, String id) {
        JsonNode extensions = clientCapabilities == null ? null : clientCapabilities.get("extensions");
        return extensions != null && extensions.isObject() && extensions.has(id);
    }

    /** The {@code -32021} refusal of a request that needs the extension {@code id} from a client that did not declare it. */
    static Rejection missing(ObjectMapper mapper, String id) {
        ObjectNode data = mapper.createObjectNode();
        data.putObject("requiredCapabilities").putObject("extensions").putObject(id);
        return new Rejection(
                400,
                Era2026Protocol.MISSING_REQUIRED_CLIENT_CAPABILITY,
                "Missing required client capability: the extension " + id,
                data);
    }
}
