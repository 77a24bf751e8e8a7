package dev.bulwark.http.transport;

import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.McpExchange;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request body, read once into bytes, into one JSON-RPC message of the SDK's types, as the SDK's
 * {@code McpSchema.deserializeJsonRpcMessage} does but from the bytes (no string copy of the body). A body that is
 * not one message is refused with the reason {@link InboundMessageMapper} kept for it when the mapper is one, or
 * with a fixed {@code -32700}/{@code -32600} otherwise; no reason quotes the body. Thread-safe.
 */
final class MessageReader {

    private static final Logger LOG = LoggerFactory.getLogger(MessageReader.class);

    private final McpJsonMapper mapper;

    MessageReader(McpJsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * The message of the exchange's body; or {@code null} when there is none, once the exchange is answered: a body
     * that cannot be read, or that is not one message.
     */
    JSONRPCMessage readOrAnswer(McpExchange exchange) {
        try {
            return read(exchange.body());
        } catch (IOException e) {
            exchange.answerUnreadableBody(e);
            return null;
        } catch (UnreadableMessageException e) {
            LOG.debug("Refused a request body: {}", e.getMessage()); // the reason never quotes the body
            exchange.refuse(e.errorType());
            JsonResponses.error(exchange.response(), exchange, e.status(), e.id(), e.code(), e.getMessage());
            return null;
        }
    }

    /**
     * The message {@code body} holds. Read as a raw {@code HashMap}: the same map (JSON object keys are strings) as
     * through a {@code TypeRef<HashMap<String, Object>>}, whose generic type the SDK's mapper resolves anew on every
     * read (about 2 % of a call's CPU samples under load).
     */
    private JSONRPCMessage read(byte[] body) throws UnreadableMessageException {
        InboundMessageMapper.takeRefusal(); // nothing an earlier request on this thread left may answer this one
        HashMap<?, ?> message;
        try {
            message = mapper.readValue(body, HashMap.class);
        } catch (IOException | RuntimeException e) {
            throw refused(JsonRpcErrors.PARSE_ERROR, "Parse error: the body is not a JSON-RPC message");
        }
        if (message == null) {
            throw refused(JsonRpcErrors.INVALID_REQUEST, "Invalid Request: the body must be one JSON-RPC message");
        }
        try {
            if (message.containsKey("method")) {
                return message.containsKey("id")
                        ? mapper.convertValue(message, McpSchema.JSONRPCRequest.class)
                        : mapper.convertValue(message, McpSchema.JSONRPCNotification.class);
            }
            if (message.containsKey("result") || message.containsKey("error")) {
                return mapper.convertValue(message, McpSchema.JSONRPCResponse.class);
            }
        } catch (RuntimeException e) {
            throw refused(
                    JsonRpcErrors.INVALID_REQUEST,
                    "Invalid Request: the message does not fit the JSON-RPC message it claims to be");
        }
        throw refused(
                JsonRpcErrors.INVALID_REQUEST,
                "Invalid Request: a message needs a method (a request or notification), or a result or an error");
    }

    /** The refusal the mapper kept for this body, or {@code code} and {@code message} when it kept none. */
    private static UnreadableMessageException refused(int code, String message) {
        InboundMessageMapper.Refusal kept = InboundMessageMapper.takeRefusal();
        if (kept == null) {
            return new UnreadableMessageException(400, null, code, message);
        }
        return new UnreadableMessageException(kept.inBand() ? 200 : 400, kept.id(), kept.code(), kept.message());
    }
}
