package dev.bulwark.http.edge;

import java.io.IOException;

/**
 * A request body that is not UTF-8, found while it was read.
 */
public final class NotUtf8BodyException extends IOException {

    private static final long serialVersionUID = 1L;

    public NotUtf8BodyException(long offset) {
        super("Parse error: the body is not valid UTF-8 (the byte at offset " + offset + " starts no valid sequence"
                + " or breaks one); MCP messages are UTF-8 JSON");
    }
}
