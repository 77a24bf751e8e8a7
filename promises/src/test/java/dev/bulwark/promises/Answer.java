package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON-RPC answer to one call: a result, an error result, or a JSON-RPC error (with Bulwark's error type). */
record Answer(JsonNode message) {

    private static final String ERROR_TYPE = "dev.bulwark/error-type";

    /** Whether the call failed: a JSON-RPC error or a result marked {@code isError}. */
    boolean isError() {
        return message.has("error") || message.path("result").path("isError").asBoolean(false);
    }

    /** Bulwark's JSON-RPC code of a refusal at the HTTP edge for a scope the caller lacks. */
    private static final int FORBIDDEN = -32003;

    /** Whether the call was refused for a scope the caller lacks: in the result, or at the HTTP edge. */
    boolean deniedPermission() {
        return "permission_denied".equals(errorType())
                || message.path("error").path("code").asInt() == FORBIDDEN;
    }

    /** Bulwark's error type of a failed call ({@code permission_denied}, {@code internal}, ...), or the JSON-RPC code. */
    String errorType() {
        if (message.has("error")) {
            JsonNode named = message.path("error").path("data").path("errorType");
            return named.isTextual()
                    ? named.asText()
                    : "jsonrpc " + message.path("error").path("code").asText();
        }
        return message.path("result").path("_meta").path(ERROR_TYPE).asText(null);
    }

    @Override
    public String toString() {
        return message.toString();
    }
}
