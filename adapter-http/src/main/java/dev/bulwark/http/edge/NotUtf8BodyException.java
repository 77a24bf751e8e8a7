package dev.bulwark.http.edge;

import java.io.IOException;

/**
 * A request body that is not UTF-8, found while it was read: MCP messages are UTF-8 JSON, and a body with bytes
 * that are not (a Latin-1 {@code é}, a truncated sequence, an encoded surrogate) would otherwise be decoded with
 * replacement characters and served as something its sender never wrote. Its message is written for the client
 * ({@code -32700 Parse error}, naming the offset of the first bad byte).
 */
public final class NotUtf8BodyException extends IOException {

    private static final long serialVersionUID = 1L;

    public NotUtf8BodyException(long offset) {
        super("Parse error: the body is not valid UTF-8 (the byte at offset " + offset + " starts no valid sequence"
                + " or breaks one); MCP messages are UTF-8 JSON");
    }
}
