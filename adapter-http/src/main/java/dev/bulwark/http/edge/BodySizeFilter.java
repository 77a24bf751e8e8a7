package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a request whose declared {@code Content-Length} is over the limit with 413 and a JSON-RPC error before a
 * byte of its body is kept. A body without a length (chunked) is counted as it is read by the MCP transport, which
 * stops at the same limit and answers 413 the same way (through {@link JsonRpcErrorResponse}), so no body is ever
 * buffered beyond the limit. Before any 413 the rest of the body is read and thrown away, within bounds
 * ({@link RefusedBody}), so that the client gets its answer rather than a connection reset. Thread-safe.
 */
public final class BodySizeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final long maxBytes;

    public BodySizeFilter(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getContentLengthLong() > maxBytes) {
            refuseTooLarge(request, response, maxBytes);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Answers 413 with a JSON-RPC error naming the limit, and closes the connection. What is left of the body is read
     * and thrown away first, within the {@link RefusedBody} bounds. For any filter that finds the body too large,
     * before or while reading it.
     */
    public static void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, long maxBytes)
            throws IOException {
        Exchange.of(request).refuse("payload_too_large");
        RefusedBody.discardRest(request);
        response.setHeader("Connection", "close");
        JsonRpcErrors.send(response, 413, JsonRpcErrors.INVALID_REQUEST,
                "Request body too large: the limit is " + maxBytes + " bytes (limits.max-request-size)");
    }
}
