package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.ports.era2026.Era2026Answer;
import java.util.Objects;

/**
 * A JSON-RPC error answer of the 2026 era, with its HTTP status. The message names the problem and quotes
 * nothing internal. Immutable.
 *
 * @param httpStatus 400 for a malformed request, 404 for a method not found, 200 for an error of the method itself
 * @param code the JSON-RPC error code
 * @param message a short sentence for the client
 * @param data the error's {@code data}, or {@code null}
 */
record Rejection(int httpStatus, int code, String message, JsonNode data) {

    Rejection {
        Objects.requireNonNull(message, "message");
    }

    static Rejection badRequest(int code, String message) {
        return new Rejection(400, code, message, null);
    }

    /** The answer to the request whose id is {@code id} ({@code null} when it could not be read). */
    Era2026Answer answer(ObjectMapper mapper, JsonNode id) {
        ObjectNode response = mapper.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id == null ? mapper.nullNode() : id);
        ObjectNode error = response.putObject("error").put("code", code).put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return Era2026Answer.error(httpStatus, code, response.toString());
    }
}
