package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.ports.origin.RequestOrigin;
import io.modelcontextprotocol.common.McpTransportContext;

/** Reads the {@link RequestOrigin} a transport put into a request's MCP transport context. */
final class RequestOrigins {

    private RequestOrigins() {}

    /** The origin {@code context} holds, or {@link RequestOrigin#NONE} when it holds none (or is {@code null}). */
    static RequestOrigin of(McpTransportContext context) {
        return context == null ? RequestOrigin.NONE : RequestOrigin.from(context::get);
    }
}
