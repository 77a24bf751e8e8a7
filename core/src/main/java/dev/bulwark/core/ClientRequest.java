package dev.bulwark.core;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One thing a handler asks the client for (an elicitation, a sampling request or the roots), under a stable key of
 * its choosing. Immutable.
 */
public sealed interface ClientRequest permits ClientRequest.Elicitation, ClientRequest.Sampling, ClientRequest.Roots {

    /** The key of this request: unique among the requests of one handler run, at most 64 characters. */
    String key();

    /** The client capability this request needs: {@code elicitation}, {@code sampling} or {@code roots}. */
    String feature();

    /**
     * Checks that no two of {@code requests} share a key, before any is asked.
     *
     * @throws IllegalArgumentException naming the key two requests share
     */
    static void requireDistinctKeys(ClientRequest... requests) {
        Set<String> keys = new HashSet<>();
        for (ClientRequest request : requests) {
            if (!keys.add(request.key())) {
                throw new IllegalArgumentException("Two client requests share the key '" + request.key() + "'");
            }
        }
    }

    /** A form elicitation: asks the user to fill in a flat form ({@link CallContext#elicit}). */
    static Elicitation elicitation(String key, String message, Map<String, Object> requestedSchema) {
        return new Elicitation(key, message, requestedSchema);
    }

    /** A sampling request: asks the client's model to answer {@code prompt} ({@link CallContext#sample}). */
    static Sampling sampling(String key, String prompt, int maxTokens) {
        return new Sampling(key, prompt, maxTokens);
    }

    /** A request for the client's roots ({@link CallContext#roots()}). */
    static Roots roots(String key) {
        return new Roots(key);
    }

    /**
     * @param key the key of the request
     * @param message what to ask, shown to the user
     * @param requestedSchema a flat JSON Schema object of primitive properties describing the form
     */
    record Elicitation(String key, String message, Map<String, Object> requestedSchema) implements ClientRequest {

        public Elicitation {
            checkKey(key);
            Objects.requireNonNull(message, "message");
            requestedSchema = dev.bulwark.core.internal.presentation.tool.JsonSchemas.frozen(
                    Objects.requireNonNull(requestedSchema, "requestedSchema")); // immutable at any depth
        }

        @Override
        public String feature() {
            return "elicitation";
        }
    }

    /**
     * @param key the key of the request
     * @param prompt the user message to send to the model
     * @param maxTokens the most tokens the answer may have (at least 1)
     */
    record Sampling(String key, String prompt, int maxTokens) implements ClientRequest {

        public Sampling {
            checkKey(key);
            Objects.requireNonNull(prompt, "prompt");
            if (maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
            }
        }

        @Override
        public String feature() {
            return "sampling";
        }
    }

    /** @param key the key of the request */
    record Roots(String key) implements ClientRequest {

        public Roots {
            checkKey(key);
        }

        @Override
        public String feature() {
            return "roots";
        }
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || key.length() > 64) {
            throw new IllegalArgumentException("a client request's key must be 1-64 characters, not blank");
        }
    }
}
