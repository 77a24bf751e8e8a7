package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A request body that is not UTF-8, found while it was read: MCP messages are UTF-8 JSON, and a body with bytes
 * that are not (a Latin-1 {@code é}, a truncated sequence, an encoded surrogate) would otherwise be decoded with
 * replacement characters and served as something its sender never wrote. Its message is written for the client
 * ({@code -32700 Parse error}, naming the offset of the first bad byte).
 */
public final class NotUtf8BodyException extends IOException {

    private static final long serialVersionUID = 1L;

    NotUtf8BodyException(long offset) {
        super("Parse error: the body is not valid UTF-8 (the byte at offset " + offset + " starts no valid sequence"
                + " or breaks one); MCP messages are UTF-8 JSON");
    }

    /**
     * Answers the request whose body this is, for a filter that read the body itself: 400 with the JSON-RPC parse
     * error the transport would have answered.
     */
    public void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange.of(request).refuse("parse_error");
        JsonRpcErrors.send(response, 400, null, JsonRpcErrors.PARSE_ERROR, getMessage());
    }
}
