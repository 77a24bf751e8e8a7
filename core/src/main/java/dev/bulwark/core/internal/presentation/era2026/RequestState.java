package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a signed {@code requestState} holds: the request it belongs to (method, target, a digest of the arguments and
 * of the caller), when it expires, the input requests of the round it ended (key to a digest of the request), and
 * the answers collected in earlier rounds, so the client sends only the newest answers. Immutable.
 *
 * @param binding the request and caller the state belongs to
 * @param expiresAtMillis when it expires, in epoch milliseconds
 * @param asked the digest of each input request the round asked, by key
 * @param answers the answers collected so far, by key
 */
record RequestState(Binding binding, long expiresAtMillis, Map<String, String> asked, Map<String, Answer> answers) {

    RequestState {
        Objects.requireNonNull(binding, "binding");
        asked = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(asked));
        answers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    }

    /**
     * The request a state belongs to.
     *
     * @param method the JSON-RPC method
     * @param target the tool or prompt name, or the resource URI
     * @param arguments a digest of the request's arguments
     * @param caller a digest of the caller's subject
     */
    record Binding(String method, String target, String arguments, String caller) {

        Binding {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(caller, "caller");
        }
    }

    /**
     * One collected answer.
     *
     * @param request the digest of the input request it answers
     * @param result the client's result, as it sent it
     */
    record Answer(String request, JsonNode result) {

        Answer {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(result, "result");
        }
    }
}
