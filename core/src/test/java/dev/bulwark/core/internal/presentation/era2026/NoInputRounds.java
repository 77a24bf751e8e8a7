package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.ports.security.Principal;
import java.util.Optional;

/**
 * Input rounds for a server without multi round-trip requests: every round is empty, so a handler that asks the
 * client for input fails as it does over stateless HTTP: a test fixture for dispatchers built without the signed
 * rounds the server uses. Thread-safe.
 */
final class NoInputRounds implements InputRounds {

    private static final InputRound COMPLETE = Optional::empty;

    @Override
    public InputRound open(String method, ObjectNode params, JsonNode clientCapabilities, Principal principal) {
        return COMPLETE;
    }
}
