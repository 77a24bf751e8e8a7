package dev.bulwark.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Content;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Root;
import dev.bulwark.core.SamplingResult;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The client side of 2026-era multi round-trip requests in tests.
 */
final class RoundTripClient {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Function<ClientRequest, ?> client;

    RoundTripClient(Function<ClientRequest, ?> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The retry's {@code inputResponses}: the client's answer to every request of {@code inputRequests}. */
    ObjectNode answer(JsonNode inputRequests) {
        ObjectNode responses = mapper.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = inputRequests.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            ClientRequest request = requestOf(entry.getKey(), entry.getValue());
            responses.set(entry.getKey(), resultOf(request, client.apply(request)));
        }
        return responses;
    }

    @SuppressWarnings("unchecked")
    private ClientRequest requestOf(String key, JsonNode inputRequest) {
        JsonNode params = inputRequest.path("params");
        return switch (inputRequest.path("method").asText()) {
            case "elicitation/create" ->
                ClientRequest.elicitation(
                        key,
                        params.path("message").asText(),
                        mapper.convertValue(params.path("requestedSchema"), Map.class));
            case "sampling/createMessage" ->
                ClientRequest.sampling(
                        key,
                        params.path("messages")
                                .path(0)
                                .path("content")
                                .path("text")
                                .asText(),
                        params.path("maxTokens").asInt());
            default -> ClientRequest.roots(key);
        };
    }

    private JsonNode resultOf(ClientRequest request, Object answer) {
        ObjectNode result = mapper.createObjectNode();
        if (request instanceof ClientRequest.Elicitation && answer instanceof ElicitationResult elicited) {
            result.put("action", elicited.action().name().toLowerCase(Locale.ROOT));
            if (elicited.accepted()) {
                result.set("content", mapper.valueToTree(elicited.content()));
            }
        } else if (request instanceof ClientRequest.Sampling && answer instanceof SamplingResult sampled) {
            result.put("role", "assistant");
            result.put("model", sampled.model());
            if (sampled.stopReason() != null) {
                result.put("stopReason", sampled.stopReason());
            }
            ObjectNode content = result.putObject("content");
            if (sampled.content() instanceof Content.Image image) {
                content.put("type", "image").put("data", image.base64Data()).put("mimeType", image.mimeType());
            } else if (sampled.content() instanceof Content.Audio audio) {
                content.put("type", "audio").put("data", audio.base64Data()).put("mimeType", audio.mimeType());
            } else {
                content.put("type", "text").put("text", sampled.text());
            }
        } else if (request instanceof ClientRequest.Roots && answer instanceof List<?> roots) {
            var array = result.putArray("roots");
            for (Object root : roots) {
                Root read = (Root) root;
                ObjectNode item = array.addObject().put("uri", read.uri());
                if (read.name() != null) {
                    item.put("name", read.name());
                }
            }
        } else {
            throw new IllegalArgumentException(
                    "The test client answered the " + request.getClass().getSimpleName()
                            + " request '" + request.key() + "' with "
                            + (answer == null ? "nothing" : answer.getClass().getSimpleName())
                            + "; answer an elicitation with an ElicitationResult, a sampling request with a"
                            + " SamplingResult, a roots request with a List<Root>");
        }
        return result;
    }
}
