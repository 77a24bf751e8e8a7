package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Content;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Root;
import dev.bulwark.core.SamplingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A {@link ClientRequest} as a 2026-era input request, and the client's answer to it read back. Thread-safe. */
final class ClientRequestJson {

    private final ObjectMapper mapper;

    ClientRequestJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A new empty JSON object. */
    ObjectNode objectNode() {
        return mapper.createObjectNode();
    }

    /** The input request object of {@code request}. */
    ObjectNode inputRequest(ClientRequest request) {
        ObjectNode json = mapper.createObjectNode();
        ObjectNode params;
        if (request instanceof ClientRequest.Elicitation elicitation) {
            json.put("method", "elicitation/create");
            params = json.putObject("params");
            params.put("mode", "form");
            params.put("message", elicitation.message());
            params.set("requestedSchema", mapper.valueToTree(elicitation.requestedSchema()));
        } else if (request instanceof ClientRequest.Sampling sampling) {
            json.put("method", "sampling/createMessage");
            params = json.putObject("params");
            ObjectNode message = params.putArray("messages").addObject();
            message.put("role", "user");
            message.putObject("content").put("type", "text").put("text", sampling.prompt());
            params.put("maxTokens", sampling.maxTokens());
        } else {
            json.put("method", "roots/list");
            json.putObject("params");
        }
        return json;
    }

    /**
     * The answer {@code result} as the type {@code request} asks for; empty when it does not read as one (an
     * elicitation answer without a valid {@code action}, a sampling answer without content or model, roots without
     * URIs), so the request is asked again.
     */
    Optional<Object> read(ClientRequest request, JsonNode result) {
        if (result == null || !result.isObject()) {
            return Optional.empty();
        }
        if (request instanceof ClientRequest.Elicitation) {
            return elicitation(result).map(Object.class::cast);
        }
        if (request instanceof ClientRequest.Sampling) {
            return sampling(result).map(Object.class::cast);
        }
        return roots(result).map(Object.class::cast);
    }

    @SuppressWarnings("unchecked")
    private Optional<ElicitationResult> elicitation(JsonNode result) {
        String action = result.path("action").asText("");
        ElicitationResult.Action parsed;
        try {
            parsed = ElicitationResult.Action.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
        if (!action.equals(action.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        JsonNode content = result.get("content");
        if (content != null && !content.isNull() && !content.isObject()) {
            return Optional.empty();
        }
        Map<String, Object> values = content == null || content.isNull() || parsed != ElicitationResult.Action.ACCEPT
                ? Map.of()
                : mapper.convertValue(content, Map.class);
        return Optional.of(new ElicitationResult(parsed, values));
    }

    private static Optional<SamplingResult> sampling(JsonNode result) {
        JsonNode content = result.get("content");
        if (content != null && content.isArray() && content.size() == 1) {
            content = content.get(0);
        }
        Optional<Content> read = content(content);
        JsonNode model = result.get("model");
        if (read.isEmpty() || model == null || !model.isTextual()) {
            return Optional.empty();
        }
        JsonNode stop = result.get("stopReason");
        return Optional.of(new SamplingResult(
                read.get(), model.textValue(), stop != null && stop.isTextual() ? stop.textValue() : null));
    }

    private static Optional<Content> content(JsonNode content) {
        if (content == null || !content.isObject()) {
            return Optional.empty();
        }
        String type = content.path("type").asText("");
        JsonNode text = content.get("text");
        JsonNode data = content.get("data");
        JsonNode mimeType = content.get("mimeType");
        try {
            if (type.equals("text") && text != null && text.isTextual()) {
                return Optional.of(Content.text(text.textValue()));
            }
            boolean media = data != null && data.isTextual() && mimeType != null && mimeType.isTextual();
            if (type.equals("image") && media) {
                return Optional.of(new Content.Image(data.textValue(), mimeType.textValue()));
            }
            if (type.equals("audio") && media) {
                return Optional.of(new Content.Audio(data.textValue(), mimeType.textValue()));
            }
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<List<Root>> roots(JsonNode result) {
        JsonNode roots = result.get("roots");
        if (roots == null || !roots.isArray()) {
            return Optional.empty();
        }
        List<Root> read = new ArrayList<>();
        for (JsonNode root : (ArrayNode) roots) {
            JsonNode uri = root.get("uri");
            if (uri == null || !uri.isTextual()) {
                return Optional.empty();
            }
            JsonNode name = root.get("name");
            read.add(new Root(uri.textValue(), name != null && name.isTextual() ? name.textValue() : null));
        }
        return Optional.of(List.copyOf(read));
    }
}
