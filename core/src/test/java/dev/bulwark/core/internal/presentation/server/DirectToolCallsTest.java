package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class DirectToolCallsTest {

    /** The SDK's handler as the wrapper sees it: records what reaches it and answers {@code "sdk"}. */
    private final List<String> reachedSdk = new CopyOnWriteArrayList<>();

    private final McpStatelessServerHandler sdk = new McpStatelessServerHandler() {
        @Override
        public Mono<JSONRPCResponse> handleRequest(McpTransportContext context, JSONRPCRequest request) {
            reachedSdk.add(request.method());
            return Mono.just(JSONRPCResponse.result(request.id(), "sdk"));
        }

        @Override
        public Mono<Void> handleNotification(McpTransportContext context, JSONRPCNotification notification) {
            return Mono.empty();
        }
    };

    private final List<CallToolRequest> reachedTool = new CopyOnWriteArrayList<>();

    @Test
    void aTypedCallReachesItsToolsHandlerWithoutTheSdk() {
        McpStatelessServerHandler served = served(tool("echo", request -> {
            reachedTool.add(request);
            return Mono.just(CallToolResult.builder().addTextContent("hi").build());
        }));
        CallToolRequest call = new CallToolRequest("echo", Map.of("text", "hi"));

        JSONRPCResponse answer = served.handleRequest(McpTransportContext.EMPTY, request(7, call))
                .block();

        assertThat(reachedTool).containsExactly(call);
        assertThat(reachedSdk).isEmpty();
        assertThat(answer.id()).isEqualTo(7);
        assertThat(answer.error()).isNull();
        assertThat(((CallToolResult) answer.result()).content()).containsExactly(new McpSchema.TextContent("hi"));
    }

    @Test
    void aFailedCallIsAnsweredWithItsJsonRpcErrorAsTheSdkWould() {
        McpError refused = McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message("Invalid params: text is required")
                .build();
        McpStatelessServerHandler served = served(tool("echo", request -> Mono.error(refused)));

        JSONRPCResponse answer = served.handleRequest(
                        McpTransportContext.EMPTY, request("a", new CallToolRequest("echo", Map.of())))
                .block();

        assertThat(answer.id()).isEqualTo("a");
        assertThat(answer.error()).isEqualTo(refused.getJsonRpcError());
    }

    @Test
    void anUnknownToolUntypedParamsAndOtherMethodsAreTheSdks() {
        McpStatelessServerHandler served = served(tool("echo", request -> {
            reachedTool.add(request);
            return Mono.just(CallToolResult.builder().build());
        }));

        served.handleRequest(McpTransportContext.EMPTY, request(1, new CallToolRequest("missing", Map.of())))
                .block();
        served.handleRequest(McpTransportContext.EMPTY, request(2, Map.of("name", "echo")))
                .block();
        served.handleRequest(
                        McpTransportContext.EMPTY,
                        new JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_PROMPT_GET, 3, Map.of()))
                .block();

        assertThat(reachedTool).isEmpty();
        assertThat(reachedSdk)
                .containsExactly(McpSchema.METHOD_TOOLS_CALL, McpSchema.METHOD_TOOLS_CALL, McpSchema.METHOD_PROMPT_GET);
    }

    /** The handler the transport under the wrapper gets, once the SDK's is set on the wrapper. */
    private McpStatelessServerHandler served(AsyncToolSpecification tool) {
        CapturingTransport under = new CapturingTransport();
        DirectToolCalls.stateless(under, List.of(tool)).setMcpHandler(sdk);
        return under.handler;
    }

    private static AsyncToolSpecification tool(
            String name, java.util.function.Function<CallToolRequest, Mono<CallToolResult>> handler) {
        McpSchema.Tool definition = McpSchema.Tool.builder()
                .name(name)
                .inputSchema(new McpSchema.JsonSchema("object", Map.of(), List.of(), null, null, null))
                .build();
        return new AsyncToolSpecification(definition, (context, request) -> handler.apply(request));
    }

    private static JSONRPCRequest request(Object id, Object params) {
        return new JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL, id, params);
    }
}
