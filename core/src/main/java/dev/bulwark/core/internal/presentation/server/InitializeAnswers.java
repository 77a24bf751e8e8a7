package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Changes the capabilities a session server declares in its {@code initialize} answers. Stateless. */
final class InitializeAnswers {

    static final TypeRef<Map<String, Object>> OBJECT = new TypeRef<>() {};

    private InitializeAnswers() {}

    /**
     * {@code message} with its {@code capabilities} changed by {@code change} when it answers {@code initialize}
     * (the SDK's result type, or the map a transport has already read); any other message as it is.
     */
    static McpSchema.JSONRPCMessage withCapabilities(
            McpSchema.JSONRPCMessage message, McpJsonMapper mapper, Consumer<Map<String, Object>> change) {
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
        change.accept(capabilities);
        result.put("capabilities", capabilities);
        return new JSONRPCResponse(response.jsonrpc(), response.id(), result, null);
    }
}
