package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.sessions.ServedSession;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Answers a session's {@code tools/call} with its tool's handler, found by name, on an exchange its transport makes
 * for the request ({@link ServedSession#exchange}); a call of a tool it does not have stays the SDK's session's.
 * Thread-safe.
 */
final class SessionToolCalls {

    /**
     * The tools by name: the SDK's session scans every tool for the name on each call, which grows with the
     * catalogue; its answer and its errors are the same as here.
     */
    private final Function<String, AsyncToolSpecification> byName;

    private final McpJsonMapper jsonMapper;

    /**
     * @param tools the session server's tools, as it was given them
     * @param jsonMapper reads a call's params, as the SDK's session does
     */
    SessionToolCalls(List<AsyncToolSpecification> tools, McpJsonMapper jsonMapper) {
        this(
                tools.stream()
                        .collect(
                                Collectors.toUnmodifiableMap(tool -> tool.tool().name(), Function.identity()))::get,
                jsonMapper);
    }

    /**
     * @param tools the tool of a name, asked at each call, or {@code null} when none is served
     * @param jsonMapper reads a call's params, as the SDK's session does
     */
    SessionToolCalls(Function<String, AsyncToolSpecification> tools, McpJsonMapper jsonMapper) {
        this.byName = Objects.requireNonNull(tools, "tools");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    }

    /** Whether {@code params} of a {@code method} request call a tool answered here. Reads only what is given. */
    boolean claims(String method, Object params) {
        if (!McpSchema.METHOD_TOOLS_CALL.equals(method)) {
            return false;
        }
        Object name = params instanceof CallToolRequest call
                ? call.name()
                : params instanceof Map<?, ?> raw ? raw.get("name") : null;
        return name instanceof String named && byName.apply(named) != null;
    }

    /** Completes {@code answer} with the answer to {@code request}, a call {@link #claims claimed}; never exceptionally. */
    void serve(JSONRPCRequest request, RequestOrigin origin, ServedSession session, CompletableFuture<Object> answer) {
        CallToolRequest call;
        try {
            call = request.params() instanceof CallToolRequest typed
                    ? typed
                    : jsonMapper.convertValue(request.params(), CallToolRequest.class);
        } catch (RuntimeException e) {
            answer.complete(JSONRPCResponse.error(
                    request.id(),
                    new JSONRPCError(
                            McpSchema.ErrorCodes.INVALID_PARAMS,
                            "Invalid params: tools/call takes a tool's name and an arguments object",
                            null)));
            return;
        }
        AsyncToolSpecification tool = byName.apply(call.name());
        if (tool == null) { // removed since it was claimed
            answer.complete(JSONRPCResponse.error(
                    request.id(), RequestParams.unknownTool(call.name()).getJsonRpcError()));
            return;
        }
        SessionAnswers.complete(
                Mono.defer(() -> tool.callHandler().apply((McpAsyncServerExchange) session.exchange(origin), call))
                        .map(result -> JSONRPCResponse.result(request.id(), result))
                        .onErrorResume(failure ->
                                Mono.just(JSONRPCResponse.error(request.id(), DirectToolCalls.errorOf(failure)))),
                answer);
    }
}
