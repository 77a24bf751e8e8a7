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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Hands a stateless server's {@code tools/call}, its params already checked and typed, straight to its tool's
 * handler, found by name; every other message, and a call of a tool it does not have, is the SDK's. Thread-safe.
 */
final class DirectToolCalls {

    private static final Logger LOG = LoggerFactory.getLogger(DirectToolCalls.class);

    /** The message of a call that failed outside its pipeline. */
    static final String INTERNAL_ERROR = "Internal error: the call could not be served";

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
        return stateless(transport, byName::get);
    }

    /** {@code transport}, its typed {@code tools/call} requests answered by the tool {@code tools} finds by name. */
    static McpStatelessServerTransport stateless(
            McpStatelessServerTransport transport, Function<String, AsyncToolSpecification> tools) {
        return new WrappingStatelessTransport(transport) {
            @Override
            Mono<JSONRPCResponse> handleRequest(
                    McpStatelessServerHandler handler, McpTransportContext context, JSONRPCRequest request) {
                AsyncToolSpecification tool = McpSchema.METHOD_TOOLS_CALL.equals(request.method())
                                && request.params() instanceof CallToolRequest call
                        ? tools.apply(call.name())
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

    /**
     * The error a call that failed is answered with: a refusal's own ({@link McpError}), as the SDK answers it; for
     * anything else a fixed internal error, its failure logged. The SDK's handlers answered with the failure's text,
     * which may name a host or a file the client should not see.
     */
    static JSONRPCError errorOf(Throwable failure) {
        if (failure instanceof McpError refused && refused.getJsonRpcError() != null) {
            return refused.getJsonRpcError();
        }
        LOG.error("A tools/call failed outside its tool's pipeline", failure);
        return new JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, INTERNAL_ERROR, null);
    }
}
