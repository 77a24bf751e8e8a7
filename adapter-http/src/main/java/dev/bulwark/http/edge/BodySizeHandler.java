package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;

/**
 * Refuses a request whose declared {@code Content-Length} is over the limit with 413 and a JSON-RPC error before a
 * byte of its body is kept ({@link McpExchange#refuseTooLarge}). A body without a length (chunked) is counted as it
 * is read ({@link McpExchange#body}), which stops at the same limit and answers the same way. Thread-safe.
 */
public final class BodySizeHandler extends EdgeHandler {

    private final long maxBytes;

    public BodySizeHandler(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        if (exchange.request().getLength() > maxBytes) {
            exchange.refuseTooLarge();
            return false;
        }
        return true;
    }
}
