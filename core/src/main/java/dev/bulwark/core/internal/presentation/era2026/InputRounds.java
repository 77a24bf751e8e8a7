package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.ports.security.Principal;

/**
 * Reads the input round of a 2026-era request (its {@code inputResponses} and {@code requestState}): multi
 * round-trip requests. Thread-safe.
 */
public interface InputRounds {

    /**
     * Opens the round of one request.
     *
     * @param method the JSON-RPC method
     * @param params the request's params (never null; an empty object when the request had none)
     * @param clientCapabilities the client capabilities from the request's {@code _meta} (never null)
     * @param principal the authenticated caller
     * @throws InvalidInputRoundException when the request state is tampered with, expired, or not this request's
     */
    InputRound open(String method, ObjectNode params, JsonNode clientCapabilities, Principal principal);
}
