package dev.bulwark.ports.upstream;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The caller of one upstream call, as the upstream reaches it during the call: its progress and log messages, and its
 * requests for sampling, elicitation and roots, in their MCP JSON shapes. Implementations are thread-safe: the
 * adapter calls them from its own threads.
 */
public interface UpstreamCaller {

    /** A caller that receives nothing and answers no request. */
    UpstreamCaller NONE = new UpstreamCaller() {};

    /** The upstream reported progress on the call. Must not block. */
    default void progress(double progress, Double total, String message) {}

    /**
     * The upstream logged {@code message} at {@code level} (an MCP level name) during the call.
     *
     * @return false when the caller has no channel for log messages, so that the adapter logs it itself
     */
    default boolean log(String level, String logger, String message) {
        return false;
    }

    /**
     * The client features ({@code sampling}, {@code elicitation}, {@code roots}) this caller can be asked for: a
     * 2026-era upstream is told them as the client's capabilities of the call. None by default.
     */
    default Set<String> features() {
        return Set.of();
    }

    /**
     * This caller as a 2026-era upstream's {@code input_required} round asks it. The upstream holds no request open
     * there (the call is sent again with the answers), so a caller answered by running its own call again may be asked.
     */
    default UpstreamCaller inRounds() {
        return this;
    }

    /**
     * Answers several of the upstream's requests, asked together (one {@code input_required} round), each under its
     * key with its result's fields. A caller asked in rounds of its own asks them all in one round, so its call runs
     * again once, not once per request. By default each is answered in turn.
     *
     * @throws CallerCannotAnswerException naming the method the caller cannot answer, when it can tell
     */
    default Map<String, Object> answer(Map<String, Request> requests) {
        Map<String, Object> answers = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Request> asked : requests.entrySet()) {
            Request request = asked.getValue();
            try {
                answers.put(
                        asked.getKey(),
                        switch (request.method()) {
                            case Request.SAMPLING -> sample(request.params());
                            case Request.ELICITATION -> elicit(request.params());
                            case Request.ROOTS -> Map.of("roots", roots());
                            default ->
                                throw new CallerCannotAnswerException(
                                        "the gateway relays sampling, elicitation and roots requests only");
                        });
            } catch (CallerCannotAnswerException e) {
                throw e.method().isPresent() ? e : new CallerCannotAnswerException(request.method(), e.getMessage());
            }
        }
        return answers;
    }

    /**
     * One request an upstream asks its caller during a call. Immutable.
     *
     * @param method its MCP method, such as {@code elicitation/create}
     * @param params its params, in their MCP JSON shape
     */
    record Request(String method, Map<String, Object> params) {

        /** The method of a sampling request. */
        public static final String SAMPLING = "sampling/createMessage";
        /** The method of an elicitation. */
        public static final String ELICITATION = "elicitation/create";
        /** The method of a roots request. */
        public static final String ROOTS = "roots/list";

        public Request {
            java.util.Objects.requireNonNull(method, "method");
            params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params)); // JSON nulls kept
        }
    }

    /**
     * Answers the upstream's {@code sampling/createMessage} params with a {@code CreateMessageResult}'s fields.
     *
     * @throws CallerCannotAnswerException when the caller cannot answer it
     */
    default Map<String, Object> sample(Map<String, Object> params) {
        throw new CallerCannotAnswerException("the call's caller cannot answer sampling requests");
    }

    /**
     * Answers the upstream's {@code elicitation/create} params with an {@code ElicitResult}'s fields.
     *
     * @throws CallerCannotAnswerException when the caller cannot answer it
     */
    default Map<String, Object> elicit(Map<String, Object> params) {
        throw new CallerCannotAnswerException("the call's caller cannot answer elicitation requests");
    }

    /**
     * The caller's roots, each with its {@code uri} and, when known, {@code name}.
     *
     * @throws CallerCannotAnswerException when the caller cannot answer it
     */
    default List<Map<String, Object>> roots() {
        throw new CallerCannotAnswerException("the call's caller cannot list its roots");
    }
}
