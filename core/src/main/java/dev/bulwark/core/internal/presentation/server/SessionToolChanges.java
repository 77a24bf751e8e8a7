package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Declares {@code tools.listChanged} in a session server's {@code initialize} answers: the SDK's server would send
 * a notification for each tool it is given if it declared it. Stateless.
 */
final class SessionToolChanges {

    private SessionToolChanges() {}

    /** {@code message} with {@code capabilities.tools.listChanged} true when it answers {@code initialize}. */
    static McpSchema.JSONRPCMessage outbound(McpSchema.JSONRPCMessage message, McpJsonMapper mapper) {
        return InitializeAnswers.withCapabilities(message, mapper, capabilities -> {
            Map<String, Object> tools = capabilities.get("tools") instanceof Map<?, ?> declared
                    ? new LinkedHashMap<>(mapper.convertValue(declared, InitializeAnswers.OBJECT))
                    : new LinkedHashMap<>();
            tools.put("listChanged", true);
            capabilities.put("tools", tools);
        });
    }
}
