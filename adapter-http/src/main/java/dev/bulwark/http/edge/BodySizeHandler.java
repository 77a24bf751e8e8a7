package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;

/**
 * Refuses with 413 a request body over the size limit, before it is kept.
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
