package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A stateless transport whose requests reach the SDK's handler with their params checked and typed
 * ({@link RequestParams}), for a transport that builds its requests itself instead of reading them through the
 * {@link MessageCheckingJsonMapper} (the 2026 era's). Params that do not fit fail the request's answer
 * with an {@code Invalid params} {@link io.modelcontextprotocol.spec.McpError} naming the field; the SDK's handler,
 * which converts them before its reactive chain starts, would throw instead. Thread-safe.
 */
final class ParamsCheckingEra2026Transport extends WrappingStatelessTransport {

    private final McpJsonMapper mapper;

    ParamsCheckingEra2026Transport(McpStatelessServerTransport delegate, McpJsonMapper mapper) {
        super(delegate);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    Mono<JSONRPCResponse> handleRequest(
            McpStatelessServerHandler handler, McpTransportContext context, JSONRPCRequest request) {
        JSONRPCRequest typed;
        try {
            typed = mapper instanceof MessageCheckingJsonMapper checking
                    ? checking.typed(request)
                    : RequestParams.typed(request, mapper);
        } catch (RuntimeException invalid) {
            return Mono.error(invalid);
        }
        return handler.handleRequest(context, typed);
    }
}
