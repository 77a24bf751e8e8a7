package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Declares {@code tools.listChanged} in a session server's {@code initialize} answers: the SDK's server would send
 * a notification for each tool it is given if it declared it. Stateless.
 */
final class SessionToolChanges {

    private static final TypeRef<Map<String, Object>> OBJECT = new TypeRef<>() {};

    private SessionToolChanges() {}

    /** {@code message} with {@code capabilities.tools.listChanged} true when it answers {@code initialize}. */
    static McpSchema.JSONRPCMessage outbound(McpSchema.JSONRPCMessage message, McpJsonMapper mapper) {
        if (!(message instanceof JSONRPCResponse response) || response.result() == null) {
            return message;
        }
        Map<String, Object> result;
        if (response.result() instanceof McpSchema.InitializeResult initialize) {
            result = mapper.convertValue(initialize, OBJECT);
        } else if (response.result() instanceof Map<?, ?> map
                && map.containsKey("protocolVersion")
                && map.containsKey("serverInfo")) {
            result = new LinkedHashMap<>(mapper.convertValue(map, OBJECT));
        } else {
            return message;
        }
        Map<String, Object> capabilities = result.get("capabilities") instanceof Map<?, ?> declared
                ? new LinkedHashMap<>(mapper.convertValue(declared, OBJECT))
                : new LinkedHashMap<>();
        Map<String, Object> tools = capabilities.get("tools") instanceof Map<?, ?> declared
                ? new LinkedHashMap<>(mapper.convertValue(declared, OBJECT))
                : new LinkedHashMap<>();
        tools.put("listChanged", true);
        capabilities.put("tools", tools);
        result.put("capabilities", capabilities);
        return new JSONRPCResponse(response.jsonrpc(), response.id(), result, null);
    }
}
