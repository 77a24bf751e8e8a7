package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.bulwark.core.config.RequestStateSettings;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.security.Principal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the input round of each 2026-era request, with an HMAC-SHA256 signed {@code requestState}
 * ({@link RequestStateSettings}): any instance holding the same key can continue an exchange another began. A state
 * is accepted only when its MAC verifies, it has not expired, and it belongs to this request (method, tool or prompt
 * name or resource URI, a digest of the arguments) and to this caller; otherwise the request is refused with an
 * {@link InvalidInputRoundException}. So are {@code inputResponses} that are not an object of result objects. A
 * request of a method that may not answer {@code input_required} gets a round in which the handler cannot ask; its
 * {@code inputResponses} and {@code requestState} are ignored. Thread-safe.
 */
public final class SignedInputRounds implements InputRounds {

    private static final Logger LOG = LoggerFactory.getLogger(SignedInputRounds.class);

    private final RequestStateCodec codec;
    private final ClientRequestJson json;
    private final long ttlMillis;

    /** Rounds signed with the configured key (or a random one of this process), on the system clock. */
    public SignedInputRounds(RequestStateSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** Rounds signed with the configured key (or a random one of this process), on {@code clock}. */
    public SignedInputRounds(RequestStateSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        byte[] key = settings.key()
                .map(secret -> secret.reveal().getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    LOG.info("request-state.key is not set: multi round-trip requests of MCP "
                            + ProtocolEra.REQUESTS_2026_07_28.version()
                            + " are signed with a random key of this process, so"
                            + " only this process can continue them; give every instance of a fleet the same key");
                    byte[] random = new byte[RequestStateSettings.MIN_KEY_BYTES];
                    new SecureRandom().nextBytes(random);
                    return random;
                });
        ObjectMapper mapper = new ObjectMapper();
        this.codec = new RequestStateCodec(key, clock, mapper);
        this.json = new ClientRequestJson(mapper);
        this.ttlMillis = settings.ttl().toMillis();
    }

    @Override
    public ClientInputRound open(String method, ObjectNode params, JsonNode clientCapabilities, Principal principal) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(clientCapabilities, "clientCapabilities");
        Objects.requireNonNull(principal, "principal");
        boolean mayAsk = ClientInputRound.ASKING_METHODS.contains(method);
        RequestState.Binding binding = new RequestState.Binding(
                method,
                params.path(method.equals("resources/read") ? "uri" : "name").asText(""),
                Digests.of(argumentsOf(params)),
                Digests.of(TextNode.valueOf(principal.subject())));
        if (!mayAsk) {
            return new ClientInputRound(binding, false, clientCapabilities, Map.of(), null, codec, json, ttlMillis);
        }
        Map<String, JsonNode> responses = responsesOf(params);
        RequestState earlier = stateOf(params, binding);
        return new ClientInputRound(binding, true, clientCapabilities, responses, earlier, codec, json, ttlMillis);
    }

    /** The request's arguments; none (absent or {@code null}) reads as no arguments, {@code {}}. */
    private static JsonNode argumentsOf(ObjectNode params) {
        JsonNode arguments = params.get("arguments");
        return arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments;
    }

    private static Map<String, JsonNode> responsesOf(ObjectNode params) {
        if (!params.has("inputResponses")) {
            return Map.of();
        }
        JsonNode responses = params.get("inputResponses");
        if (!responses.isObject()) {
            throw new InvalidInputRoundException("inputResponses must be an object holding the client's result for"
                    + " each input request, under the request's key");
        }
        Map<String, JsonNode> read = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isObject()) {
                throw new InvalidInputRoundException("Every value of inputResponses must be the client's result"
                        + " object for the input request under that key");
            }
            read.put(entry.getKey(), entry.getValue());
        }
        return read;
    }

    private RequestState stateOf(ObjectNode params, RequestState.Binding binding) {
        if (!params.has("requestState")) {
            return null;
        }
        JsonNode text = params.get("requestState");
        if (!text.isTextual()) {
            throw new InvalidInputRoundException("requestState must be the string of the last input_required result");
        }
        RequestState state = codec.open(text.textValue());
        RequestState.Binding bound = state.binding();
        if (!bound.caller().equals(binding.caller())) {
            throw new InvalidInputRoundException(
                    "The requestState belongs to another caller: start the request over" + " without requestState");
        }
        if (!bound.method().equals(binding.method())
                || !bound.target().equals(binding.target())
                || !bound.arguments().equals(binding.arguments())) {
            throw new InvalidInputRoundException("The requestState belongs to another request (its method, name or"
                    + " arguments differ): retry the request exactly as first sent, or start over without"
                    + " requestState");
        }
        return state;
    }
}
