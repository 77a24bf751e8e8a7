package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Hands a stateless server's {@code tools/call}, its params already checked and typed, straight to its tool's
 * handler, found by name; every other message, and a call of a tool it does not have, is the SDK's. Thread-safe.
 */
final class DirectToolCalls {

    private DirectToolCalls() {}

    /**
     * {@code transport}, its typed {@code tools/call} requests answered by {@code tools}.
     *
     * <p>The SDK's own handler scans every tool for the name on each call, which grows with the catalogue (an
     * OpenAPI document can give thousands); its answer and its errors are the same as here.
     */
    static McpStatelessServerTransport stateless(
            McpStatelessServerTransport transport, List<AsyncToolSpecification> tools) {
        Map<String, AsyncToolSpecification> byName = tools.stream()
                .collect(Collectors.toUnmodifiableMap(tool -> tool.tool().name(), Function.identity()));
        return new WrappingStatelessTransport(transport) {
            @Override
            Mono<JSONRPCResponse> handleRequest(
                    McpStatelessServerHandler handler, McpTransportContext context, JSONRPCRequest request) {
                AsyncToolSpecification tool = McpSchema.METHOD_TOOLS_CALL.equals(request.method())
                                && request.params() instanceof CallToolRequest call
                        ? byName.get(call.name())
                        : null;
                if (tool == null) {
                    return handler.handleRequest(context, request);
                }
                return tool.callHandler()
                        .apply(context, (CallToolRequest) request.params())
                        .map(result -> JSONRPCResponse.result(request.id(), result))
                        .onErrorResume(failure -> Mono.just(JSONRPCResponse.error(request.id(), errorOf(failure))));
            }
        };
    }

    /** The error the SDK's handler answers a failed request with. */
    private static JSONRPCError errorOf(Throwable failure) {
        if (failure instanceof McpError refused && refused.getJsonRpcError() != null) {
            return refused.getJsonRpcError();
        }
        return new JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, failure.getMessage(), null);
    }
}
