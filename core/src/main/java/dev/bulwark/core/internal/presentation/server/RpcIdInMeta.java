package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries a request's JSON-RPC id to its feature handler in the params' {@code _meta}, under
 * {@link InFlightCalls#RPC_ID_KEY}, for the requests other than {@code tools/call} (which {@link InFlightCalls}
 * stamps itself): the SDK hands a handler the params, never the id, and the request's span names the id
 * ({@code jsonrpc.request.id}). Stateless.
 */
final class RpcIdInMeta {

    private RpcIdInMeta() {
    }

    /** {@code params} with {@code rpcId} in its {@code _meta}, or {@code params} itself for another params type. */
    static Object stamped(Object params, Object rpcId) {
        if (rpcId == null) {
            return params;
        }
        if (params instanceof ReadResourceRequest read) {
            return new ReadResourceRequest(read.uri(), with(read.meta(), rpcId));
        }
        if (params instanceof GetPromptRequest prompt) {
            return new GetPromptRequest(prompt.name(), prompt.arguments(), with(prompt.meta(), rpcId));
        }
        if (params instanceof CompleteRequest complete) {
            return new CompleteRequest(complete.ref(), complete.argument(), with(complete.meta(), rpcId),
                    complete.context());
        }
        return params;
    }

    /** The JSON-RPC id in {@code meta}, or {@code null} when none was stamped. */
    static Object of(Map<String, Object> meta) {
        Object id = meta == null ? null : meta.get(InFlightCalls.RPC_ID_KEY);
        return id instanceof String || id instanceof Number ? id : null;
    }

    private static Map<String, Object> with(Map<String, Object> meta, Object rpcId) {
        Map<String, Object> stamped = meta == null ? new LinkedHashMap<>(2) : new LinkedHashMap<>(meta);
        stamped.put(InFlightCalls.RPC_ID_KEY, rpcId);
        return stamped;
    }
}
