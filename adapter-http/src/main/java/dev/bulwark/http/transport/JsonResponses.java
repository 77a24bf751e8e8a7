package dev.bulwark.http.transport;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.json.JsonBytes;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a whole JSON answer on a Jetty core {@link Response} with its {@code Content-Length}, ending it: an answer
 * in one array in one write, so that it and the end of the response leave in one socket write, an answer in chunks
 * chunk after chunk. Stateless and thread-safe.
 */
final class JsonResponses {

    static final String APPLICATION_JSON = "application/json";

    private JsonResponses() {}

    /**
     * Clears what was set on {@code response} before it was refused, but the CORS headers the edge set: without them
     * a browser client could not read the refusal.
     */
    static void resetKeepingCors(Response response) {
        List<HttpField> cors = response.getHeaders().stream()
                .filter(field -> field.getName().regionMatches(true, 0, "Access-Control-", 0, 15)
                        || field.getName().equalsIgnoreCase("Vary"))
                .toList();
        response.reset();
        cors.forEach(response.getHeaders()::add);
    }

    /** Sends {@code json} with {@code status}, ending the response; {@code callback} completes when it is written. */
    static void send(Response response, Callback callback, int status, byte[] json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, APPLICATION_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
        McpExchange.writeLast(response, ByteBuffer.wrap(json), callback);
    }

    /**
     * Sends {@code json} with {@code status}, ending the response, its chunks written as they are (see
     * {@link ChunkWrites}); {@code callback} completes when it is written.
     */
    static void send(Response response, Callback callback, int status, JsonBytes json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, APPLICATION_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length());
        ChunkWrites.writeLast(response, json.buffers(), callback);
    }

    /**
     * Sends a JSON-RPC error body: an answer to the request {@code id} with 200, or a refusal of the HTTP request
     * with any other status, which also closes the connection (its body may not have been read to the end).
     */
    static void error(Response response, Callback callback, int status, Object id, int code, String message) {
        JsonRpcErrors.send(response, callback, status, id, code, message);
    }

    /** Refuses the HTTP request with 400 and an {@code Invalid Request} error saying {@code message}. */
    static void invalidRequest(Response response, Callback callback, String message) {
        error(response, callback, 400, null, JsonRpcErrors.INVALID_REQUEST, message);
    }

    /** Sends a JSON-RPC error body without an id, with {@code status} and the fixed message for it. */
    static void error(Response response, Callback callback, int status) {
        JsonRpcErrors.send(response, callback, status);
    }

    /** Ends the response with {@code status} and no body. */
    static void empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        McpExchange.writeLast(response, null, callback);
    }
}
