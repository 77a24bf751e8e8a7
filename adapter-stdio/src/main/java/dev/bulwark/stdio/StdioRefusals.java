package dev.bulwark.stdio;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers the stdio transport gives requests it does not run. Thread-safe.
 */
final class StdioRefusals {

    /** Logs under the transport's name, so that every line of the stdio transport carries one logger. */
    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    /** JSON-RPC implementation-defined server error: the server cannot take the request now. */
    static final int SERVER_UNAVAILABLE = -32000;

    /** The reason given to the client when a request is cancelled because the client cancelled its call. */
    static final String CALL_CANCELLED = "The call it was sent for was cancelled";

    /** The error message of a request answered at once because too many requests wait their turn. */
    static final String BUSY =
            "Service unavailable: the server is busy with too many requests; retry later." + " The request was not run";

    /**
     * The error message of a request answered at once because the requests held take their share of the heap.
     */
    static final String BUSY_WITH_LARGE_REQUESTS = "Service unavailable: the server is busy with other large requests;"
            + " retry later. The request was not run";

    /** The error message of a request answered at once because the session is ending. */
    static final String SHUTTING_DOWN = "Service unavailable: the server is shutting down; the request was not run";

    /**
     * The error message of a call still running when the session's end stopped waiting for it: the client gets an
     * answer, and learns the call may have had its effect.
     */
    static final String CUT_OFF = "The server shut down before this call finished: it was cut off when the"
            + " shutdown's grace for calls in flight ended, and may have run in part or in full; check its effect"
            + " before retrying";

    private final OutputPump output;

    /** @param output where the answers go */
    StdioRefusals(OutputPump output) {
        this.output = output;
    }

    /** Answers request {@code id} busy: too many requests run and wait their turn. */
    void busy(Object id, int running, int waiting) {
        log.warn("Refused a request as busy: {} requests run and {} wait their turn", running, waiting);
        output.enqueue(JsonRpcLines.error(id, SERVER_UNAVAILABLE, BUSY));
    }

    /**
     * Answers request {@code id} busy: its {@code bytes} do not fit beside the {@code held} bytes of the requests
     * running and waiting.
     */
    void withoutRoom(Object id, int bytes, long held) {
        log.warn(
                "Refused a request as busy: the {} bytes of the requests running and waiting leave no room for its"
                        + " {} bytes (a {}th of the heap); give the server more heap or send smaller requests",
                held,
                bytes,
                InFlightLimit.HEAP_SHARE);
        output.enqueue(JsonRpcLines.error(id, SERVER_UNAVAILABLE, BUSY_WITH_LARGE_REQUESTS));
    }

    /** Answers request {@code id} invalid: it came out of the MCP lifecycle's order, as {@code reason} says. */
    void outOfOrder(Object id, String reason) {
        log.warn("Refused a request out of the MCP lifecycle's order: {}", reason);
        output.enqueue(JsonRpcLines.error(id, McpSchema.ErrorCodes.INVALID_REQUEST, reason));
    }

    /** Answers request {@code id} "shutting down": the session is ending. */
    void shuttingDown(Object id) {
        log.debug("Refused a request read while the session was ending");
        output.enqueue(JsonRpcLines.error(id, SERVER_UNAVAILABLE, SHUTTING_DOWN));
    }

    /** Answers request {@code id}, still running when the session's end stopped waiting, as cut off. */
    void cutOff(Object id) {
        output.enqueue(JsonRpcLines.error(id, SERVER_UNAVAILABLE, CUT_OFF));
    }

    /** A request the session will not run, as it is ending, is answered so; anything else is dropped. */
    void whileEnding(JSONRPCMessage message) {
        if (message instanceof JSONRPCRequest request) {
            shuttingDown(request.id());
        } else {
            log.debug("Dropped a notification read while the session was ending");
        }
    }
}
