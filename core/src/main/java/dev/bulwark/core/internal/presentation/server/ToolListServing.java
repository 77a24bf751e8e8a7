package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Has {@link ToolListPages} answer {@code tools/list} before the SDK's stateless server (stateless HTTP and the 2026
 * era); every other message is the SDK's. The session transports route a session's {@code tools/list} to
 * {@link SessionRouting} themselves. Thread-safe.
 */
final class ToolListServing {

    private ToolListServing() {}

    /**
     * {@code transport}, its {@code tools/list} requests answered by {@code pages}, its {@code prompts/list}
     * requests by {@code prompts}, its resource lists by {@code resources} and the completions it claims by
     * {@code completions}, each unless it is {@code null}.
     */
    static McpStatelessServerTransport stateless(
            McpStatelessServerTransport transport,
            ToolListPages pages,
            PromptListing prompts,
            ResourceListing resources,
            CatalogueCompletions completions) {
        return new WrappingStatelessTransport(transport) {
            @Override
            Mono<JSONRPCResponse> handleRequest(
                    McpStatelessServerHandler handler, McpTransportContext context, JSONRPCRequest request) {
                if (completions != null && completions.claims(request.method(), request.params())) {
                    return completions.answer(request, context);
                }
                Optional<JSONRPCResponse> answer = pages.answer(request, context);
                if (answer.isEmpty() && prompts != null) {
                    answer = prompts.answer(request, context);
                }
                if (answer.isEmpty() && resources != null) {
                    answer = resources.answer(request, context);
                }
                return answer.isPresent() ? Mono.just(answer.get()) : handler.handleRequest(context, request);
            }
        };
    }
}
