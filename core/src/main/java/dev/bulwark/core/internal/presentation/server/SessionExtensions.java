package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shows the extensions a session server offers in its {@code initialize} answers. Stateless. */
final class SessionExtensions {

    private SessionExtensions() {}

    /**
     * {@code message} with {@code extensions} under {@code capabilities.extensions} when it answers
     * {@code initialize} (the SDK's types hold no such field); any other message as it is.
     */
    static McpSchema.JSONRPCMessage outbound(
            McpSchema.JSONRPCMessage message, Map<String, Map<String, Object>> extensions, McpJsonMapper mapper) {
        if (extensions.isEmpty()) {
            return message;
        }
        return InitializeAnswers.withCapabilities(message, mapper, capabilities -> {
            Map<String, Object> declaredExtensions = new LinkedHashMap<>();
            if (capabilities.get("extensions") instanceof Map<?, ?> existing) {
                declaredExtensions.putAll(mapper.convertValue(existing, InitializeAnswers.OBJECT));
            }
            declaredExtensions.putAll(extensions);
            capabilities.put("extensions", declaredExtensions);
        });
    }
}
