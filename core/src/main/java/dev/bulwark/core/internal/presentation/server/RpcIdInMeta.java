package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries a request's JSON-RPC id to its feature handler, which the SDK hands the params but never the id: in the
 * params' {@code _meta} under {@link #KEY}, stamped by {@link MessageCheckingJsonMapper} when the request is read
 * (over any client's value of that key), for {@code tools/call} (its cancellation, its requests to the client, its
 * span), {@code resources/read}, {@code prompts/get} and {@code completion/complete} (their spans). A 2026-era
 * request carries its id in the transport context ({@link dev.bulwark.ports.origin.RequestOrigin#jsonRpcId}), and gets it stamped
 * here too when its params are checked ({@link ParamsCheckingEra2026Transport}).
 * Stateless.
 */
public final class RpcIdInMeta {

    /** The {@code _meta} key of a request's own JSON-RPC id, set when the request is read. */
    public static final String KEY = "dev.bulwark/jsonrpc-id";

    private RpcIdInMeta() {}

    /** {@code params} with {@code rpcId} in its {@code _meta}, or {@code params} itself for another params type. */
    static Object stamped(Object params, Object rpcId) {
        if (rpcId == null) {
            return params;
        }
        if (params instanceof CallToolRequest call) {
            return new CallToolRequest(call.name(), call.arguments(), with(call.meta(), rpcId));
        }
        if (params instanceof ReadResourceRequest read) {
            return new ReadResourceRequest(read.uri(), with(read.meta(), rpcId));
        }
        if (params instanceof GetPromptRequest prompt) {
            return new GetPromptRequest(prompt.name(), prompt.arguments(), with(prompt.meta(), rpcId));
        }
        if (params instanceof CompleteRequest complete) {
            return new CompleteRequest(
                    complete.ref(), complete.argument(), with(complete.meta(), rpcId), complete.context());
        }
        return params;
    }

    /** The JSON-RPC id stamped into {@code meta}, or {@code null} when the request was read by another mapper. */
    static Object of(Map<String, Object> meta) {
        Object id = meta == null ? null : meta.get(KEY);
        return id instanceof String || id instanceof Number ? id : null;
    }

    /** The request's JSON-RPC id: stamped into {@code meta}, else the 2026-era context's; {@code null} if neither. */
    static Object of(Map<String, Object> meta, McpTransportContext transport) {
        Object id = of(meta);
        return id != null ? id : RequestOrigins.of(transport).jsonRpcId().orElse(null);
    }

    private static Map<String, Object> with(Map<String, Object> meta, Object rpcId) {
        Map<String, Object> stamped = meta == null ? new LinkedHashMap<>(2) : new LinkedHashMap<>(meta);
        stamped.put(KEY, rpcId);
        return stamped;
    }
}
