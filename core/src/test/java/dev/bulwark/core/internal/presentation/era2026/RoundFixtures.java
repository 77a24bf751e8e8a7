package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.config.RequestStateSettings;
import dev.bulwark.core.config.Secret;
import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Requests, answers and callers for the input round tests. */
final class RoundFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Secret KEY = Secret.of("k".repeat(RequestStateSettings.MIN_KEY_BYTES));
    static final Principal ALICE = Principal.of("alice", "tools:read");
    static final Principal BOB = Principal.of("bob", "tools:read");
    static final JsonNode ALL_CAPABILITIES =
            json("{\"sampling\":{},\"elicitation\":{},\"roots\":{\"listChanged\":true}}");
    static final Map<String, Object> NAME_FORM = Map.of(
            "type", "object", "properties", Map.of("name", Map.of("type", "string")), "required", List.of("name"));
    static final ClientRequest.Elicitation ASK_NAME =
            ClientRequest.elicitation("user_name", "What is your name?", NAME_FORM);

    private RoundFixtures() {}

    static SignedInputRounds rounds(SettableClock clock) {
        return new SignedInputRounds(new RequestStateSettings(Optional.of(KEY), Duration.ofMinutes(10)), clock);
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code tools/call} params of {@code tool} with {@code arguments}. */
    static ObjectNode call(String tool, String arguments) {
        ObjectNode params = MAPPER.createObjectNode();
        params.put("name", tool);
        params.set("arguments", json(arguments));
        return params;
    }

    static ObjectNode withState(ObjectNode params, String state) {
        params.put("requestState", state);
        return params;
    }

    static ObjectNode withResponses(ObjectNode params, String responses) {
        params.set("inputResponses", json(responses));
        return params;
    }

    static String stateOf(ObjectNode inputRequired) {
        return inputRequired.get("requestState").textValue();
    }

    /** A context that names {@code tool} and asks nothing itself; the round is asked directly. */
    static CallContext context(String tool) {
        return new CallContext() {
            @Override
            public Principal principal() {
                return ALICE;
            }

            @Override
            public String requestId() {
                return "req-1";
            }

            @Override
            public String toolName() {
                return tool;
            }

            @Override
            public void reportProgress(double progress, Double total, String message) {}

            @Override
            public void logToClient(String message) {}
        };
    }
}
