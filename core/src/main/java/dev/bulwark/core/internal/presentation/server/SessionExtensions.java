package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shows the extensions a session server offers in its {@code initialize} answers. Stateless. */
final class SessionExtensions {

    private static final TypeRef<Map<String, Object>> OBJECT = new TypeRef<>() {};

    private SessionExtensions() {}

    /**
     * {@code message} with {@code extensions} under {@code capabilities.extensions} when it answers
     * {@code initialize} (the SDK's types hold no such field); any other message as it is.
     */
    static McpSchema.JSONRPCMessage outbound(
            McpSchema.JSONRPCMessage message, Map<String, Map<String, Object>> extensions, McpJsonMapper mapper) {
        if (extensions.isEmpty() || !(message instanceof JSONRPCResponse response) || response.result() == null) {
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
        Map<String, Object> declaredExtensions = new LinkedHashMap<>();
        if (capabilities.get("extensions") instanceof Map<?, ?> existing) {
            declaredExtensions.putAll(mapper.convertValue(existing, OBJECT));
        }
        declaredExtensions.putAll(extensions);
        capabilities.put("extensions", declaredExtensions);
        result.put("capabilities", capabilities);
        return new JSONRPCResponse(response.jsonrpc(), response.id(), result, null);
    }
}
