package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServedSession;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SessionToolCallsTest {

    private final List<McpAsyncServerExchange> reachedWith = new CopyOnWriteArrayList<>();
    private final List<CallToolRequest> reached = new CopyOnWriteArrayList<>();
    private final FakeSession session = new FakeSession();

    @Test
    void claimsACallOfAToolItHasByNameInRawOrTypedParams() {
        SessionToolCalls calls = calls(tool("echo", (exchange, request) -> Mono.empty()));

        assertThat(calls.claims(McpSchema.METHOD_TOOLS_CALL, Map.of("name", "echo", "arguments", Map.of())))
                .isTrue();
        assertThat(calls.claims(McpSchema.METHOD_TOOLS_CALL, new CallToolRequest("echo", Map.of())))
                .isTrue();
        assertThat(calls.claims(McpSchema.METHOD_TOOLS_CALL, Map.of("name", "missing")))
                .isFalse();
        assertThat(calls.claims(McpSchema.METHOD_TOOLS_CALL, Map.of("name", 7))).isFalse();
        assertThat(calls.claims(McpSchema.METHOD_TOOLS_CALL, null)).isFalse();
        assertThat(calls.claims(McpSchema.METHOD_PROMPT_GET, Map.of("name", "echo")))
                .isFalse();
    }

    @Test
    void aCallReachesItsToolsHandlerOnTheExchangeItsSessionMakesForIt() {
        SessionToolCalls calls = calls(tool("echo", (exchange, request) -> {
            reachedWith.add(exchange);
            reached.add(request);
            return Mono.just(CallToolResult.builder().addTextContent("hi").build());
        }));
        RequestOrigin origin = RequestOrigin.of(Principal.of("alice", Principal.ALL_SCOPES));

        JSONRPCResponse answer =
                answer(calls, request(7, Map.of("name", "echo", "arguments", Map.of("text", "hi"))), origin);

        assertThat(reached).containsExactly(new CallToolRequest("echo", Map.of("text", "hi")));
        assertThat(session.askedFor).containsExactly(origin);
        assertThat(reachedWith).containsExactly(session.made);
        assertThat(answer.id()).isEqualTo(7);
        assertThat(answer.error()).isNull();
        assertThat(((CallToolResult) answer.result()).content()).containsExactly(new McpSchema.TextContent("hi"));
    }

    @Test
    void aRefusedCallIsAnsweredWithItsJsonRpcErrorAsTheSdksSessionWould() {
        McpError refused = McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message("Invalid params: text is required")
                .build();
        SessionToolCalls calls = calls(tool("echo", (exchange, request) -> Mono.error(refused)));

        JSONRPCResponse answer = answer(calls, request("a", Map.of("name", "echo")), RequestOrigin.NONE);

        assertThat(answer.id()).isEqualTo("a");
        assertThat(answer.error()).isEqualTo(refused.getJsonRpcError());
    }

    @Test
    void anyOtherFailureIsAnInternalErrorThatQuotesNothingOfIt() {
        SessionToolCalls calls = calls(tool("echo", (exchange, request) -> {
            throw new IllegalStateException("db.internal.example:5432 refused the login of svc_reader");
        }));

        JSONRPCResponse answer = answer(calls, request(1, Map.of("name", "echo")), RequestOrigin.NONE);

        assertThat(answer.error().code()).isEqualTo(McpSchema.ErrorCodes.INTERNAL_ERROR);
        assertThat(answer.error().message()).isEqualTo(DirectToolCalls.INTERNAL_ERROR);
        assertThat(answer.error().data()).isNull();
    }

    @Test
    void paramsThatAreNoCallAreRefusedAsInvalidParamsWithoutReachingTheTool() {
        SessionToolCalls calls = calls(tool("echo", (exchange, request) -> {
            reached.add(request);
            return Mono.just(CallToolResult.builder().build());
        }));

        JSONRPCResponse answer =
                answer(calls, request(2, Map.of("name", "echo", "arguments", "not an object")), RequestOrigin.NONE);

        assertThat(answer.error().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(answer.error().message()).contains("tools/call").contains("arguments");
        assertThat(reached).isEmpty();
        assertThat(session.askedFor).isEmpty();
    }

    private SessionToolCalls calls(AsyncToolSpecification tool) {
        return new SessionToolCalls(List.of(tool), McpJsonDefaults.getMapper());
    }

    private JSONRPCResponse answer(SessionToolCalls calls, JSONRPCRequest request, RequestOrigin origin) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        calls.serve(request, origin, session, answer);
        assertThat(answer).isCompleted();
        return (JSONRPCResponse) answer.join();
    }

    private static AsyncToolSpecification tool(
            String name, BiFunction<McpAsyncServerExchange, CallToolRequest, Mono<CallToolResult>> handler) {
        McpSchema.Tool definition = McpSchema.Tool.builder()
                .name(name)
                .inputSchema(new McpSchema.JsonSchema("object", Map.of(), List.of(), null, null, null))
                .build();
        return AsyncToolSpecification.builder()
                .tool(definition)
                .callHandler(handler)
                .build();
    }

    private static JSONRPCRequest request(Object id, Object params) {
        return new JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL, id, params);
    }

    /** A session that makes one exchange per request it is asked for, and keeps what it was asked with. */
    private static final class FakeSession implements ServedSession {
        final List<RequestOrigin> askedFor = new CopyOnWriteArrayList<>();
        volatile McpAsyncServerExchange made;

        @Override
        public Object exchange(RequestOrigin origin) {
            askedFor.add(origin);
            made = new McpAsyncServerExchange(
                    "session-1",
                    null,
                    McpSchema.ClientCapabilities.builder().build(),
                    new McpSchema.Implementation("client", "1"),
                    McpTransportContext.create(origin.asContext()));
            return made;
        }

        @Override
        public CompletableFuture<Object> run(Object call, RequestOrigin origin) {
            throw new AssertionError("a tool call is served here, not run in the session");
        }

        @Override
        public void notify(String method, Object params) {
            throw new AssertionError("a tool call notifies nothing here");
        }
    }
}
