package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.ports.origin.ProtocolEra;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The input round of one 2026-era request: what the client answered, in this request and in earlier rounds its
 * signed state carries, and what the handler asked that is still unanswered. Thread-safe (the handler may run on
 * another thread).
 */
public final class ClientInputRound implements InputRound {

    /** The methods that may answer {@code input_required} (the 2026 specification's list). */
    static final java.util.Set<String> ASKING_METHODS = java.util.Set.of("tools/call", "prompts/get", "resources/read");

    private final RequestState.Binding binding;
    private final boolean mayAsk;
    private final JsonNode clientCapabilities;
    private final Map<String, JsonNode> responses;
    private final RequestState earlier;
    private final RequestStateCodec codec;
    private final ClientRequestJson json;
    private final long ttlMillis;

    private final Map<String, ObjectNode> asked = new LinkedHashMap<>();
    private final Map<String, String> askedDigests = new LinkedHashMap<>();
    private final Map<String, RequestState.Answer> collected = new LinkedHashMap<>();
    private final Map<String, Integer> automaticKeys = new HashMap<>();
    /** The first capability the handler asked to use that the client did not declare; guarded by {@code this}. */
    private String missingCapability;

    ClientInputRound(
            RequestState.Binding binding,
            boolean mayAsk,
            JsonNode clientCapabilities,
            Map<String, JsonNode> responses,
            RequestState earlier,
            RequestStateCodec codec,
            ClientRequestJson json,
            long ttlMillis) {
        this.binding = Objects.requireNonNull(binding, "binding");
        this.mayAsk = mayAsk;
        this.clientCapabilities = Objects.requireNonNull(clientCapabilities, "clientCapabilities");
        this.responses = Map.copyOf(responses);
        this.earlier = earlier;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.json = Objects.requireNonNull(json, "json");
        this.ttlMillis = ttlMillis;
    }

    /** Whether the client answered an earlier round: this request carries {@code inputResponses} or a state. */
    public boolean carriesAnswers() {
        return !responses.isEmpty() || earlier != null;
    }

    /**
     * The key of the next request of {@code feature} asked without one ({@link CallContext#elicit} and its
     * siblings): {@code elicitation-1}, {@code elicitation-2}, ... in the order the handler asks, the same on every
     * run of a handler that asks in the same order.
     */
    public synchronized String nextKey(String feature) {
        return feature + "-" + automaticKeys.merge(feature, 1, Integer::sum);
    }

    /**
     * The answer to the one request {@code asking} makes with the next key of {@code feature}, asked through
     * {@code context} ({@link CallContext#elicit} and its siblings); {@code reading} takes it from the answers.
     */
    public <T> T askOne(
            CallContext context,
            String feature,
            Function<String, ClientRequest> asking,
            BiFunction<ClientAnswers, String, T> reading) {
        String key = nextKey(feature);
        return reading.apply(context.ask(asking.apply(key)), key);
    }

    /**
     * The answers to {@code requests}, when the client gave every one; otherwise records the unanswered ones for the
     * {@code input_required} result ({@link #inputRequired()}) and throws an {@link InputRequiredSignal}. An answer
     * counts for the request asked under its key unless the signed state shows it answered a different request.
     *
     * @param context the asking handler's context (names the tool; the signal is raised for it)
     * @throws ClientFeatureUnavailableException when the client did not declare a capability one of the requests
     *     needs, or the request's method may not ask the client for input
     */
    public synchronized ClientAnswers ask(CallContext context, ClientRequest... requests) {
        ClientRequest.requireDistinctKeys(requests);
        for (ClientRequest request : requests) {
            String feature = request.feature();
            if (!clientCapabilities.has(feature) && missingCapability == null) {
                missingCapability = feature; // the signal of -32021, whatever the handler makes of the refusal
            }
            if (!mayAsk) {
                throw new ClientFeatureUnavailableException(
                        context.toolName(),
                        feature,
                        "an MCP "
                                + ProtocolEra.REQUESTS_2026_07_28.version()
                                + " server may ask the client for input only while"
                                + " serving tools/call, prompts/get or resources/read");
            }
            if (!declares(feature)) {
                throw new ClientFeatureUnavailableException(
                        context.toolName(), feature, "the client did not declare the " + feature + " capability");
            }
        }
        Map<String, Object> answers = new LinkedHashMap<>();
        boolean unanswered = false;
        for (ClientRequest request : requests) {
            ObjectNode inputRequest = json.inputRequest(request);
            String digest = Digests.of(inputRequest);
            Optional<JsonNode> result = answerTo(request.key(), digest);
            Optional<Object> answer = result.flatMap(found -> json.read(request, found));
            if (answer.isPresent()) {
                answers.put(request.key(), answer.get());
                collected.put(request.key(), new RequestState.Answer(digest, result.get()));
            } else {
                asked.put(request.key(), inputRequest);
                askedDigests.put(request.key(), digest);
                unanswered = true;
            }
        }
        if (unanswered) {
            throw new InputRequiredSignal(context);
        }
        return new ClientAnswers(answers);
    }

    @Override
    public synchronized Optional<String> missingCapability() {
        return Optional.ofNullable(missingCapability);
    }

    @Override
    public synchronized Optional<ObjectNode> inputRequired() {
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode result = json.objectNode();
        result.put("resultType", "input_required");
        ObjectNode requests = result.putObject("inputRequests");
        asked.forEach(requests::set);
        result.put(
                "requestState",
                codec.seal(new RequestState(binding, codec.nowMillis() + ttlMillis, askedDigests, collected)));
        return Optional.of(result);
    }

    /**
     * The client's result for the request under {@code key} whose digest is {@code digest}: this request's answer,
     * unless the state shows that key asked something else; else an earlier round's answer to the same request.
     */
    private Optional<JsonNode> answerTo(String key, String digest) {
        JsonNode sent = responses.get(key);
        if (sent != null) {
            String expected = earlier == null ? null : earlier.asked().get(key);
            if (expected == null && earlier != null && earlier.answers().containsKey(key)) {
                expected = earlier.answers().get(key).request();
            }
            if (expected == null || expected.equals(digest)) {
                return Optional.of(sent);
            }
        }
        if (earlier != null) {
            RequestState.Answer before = earlier.answers().get(key);
            if (before != null && before.request().equals(digest)) {
                return Optional.of(before.result());
            }
        }
        return Optional.empty();
    }

    /** Whether the handler may ask the client for {@code feature}: the method may ask, and the client declared it. */
    public boolean canAsk(String feature) {
        return mayAsk && declares(feature);
    }

    /** Whether the client declared what {@code feature} needs (for elicitation: form mode, the default). */
    private boolean declares(String feature) {
        JsonNode declared = clientCapabilities.get(feature);
        if (declared == null || !declared.isObject()) {
            return false;
        }
        return !feature.equals("elicitation") || declared.isEmpty() || declared.has("form");
    }
}
