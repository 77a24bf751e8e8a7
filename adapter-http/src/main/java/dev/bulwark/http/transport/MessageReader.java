package dev.bulwark.http.transport;

import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.JsonBody;
import dev.bulwark.http.exchange.McpExchange;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request body, read once as JSON by its exchange ({@link McpExchange#json}), into one JSON-RPC message of
 * the SDK's types, as the SDK's {@code McpSchema.deserializeJsonRpcMessage} does. A body that is not one message is
 * refused with the reason {@link InboundMessageMapper} kept for it when the mapper is one, or with a fixed
 * {@code -32700}/{@code -32600} otherwise; no reason quotes the body. Thread-safe.
 */
final class MessageReader {

    private static final Logger LOG = LoggerFactory.getLogger(MessageReader.class);

    private final McpJsonMapper mapper;
    private final InboundMessageMapper inbound;

    MessageReader(McpJsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.inbound = mapper instanceof InboundMessageMapper checking ? checking : null;
    }

    /** The mapper an exchange reads a body as JSON with, for this reader: the transport's, without its checks. */
    McpJsonMapper bodyMapper() {
        return inbound != null ? inbound.unchecked() : mapper;
    }

    /**
     * The message of the exchange's body; or {@code null} when there is none, once the exchange is answered: a body
     * that cannot be read, or that is not one message.
     */
    JSONRPCMessage readOrAnswer(McpExchange exchange) {
        try {
            return read(exchange);
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
     * The message the body of {@code exchange} holds, once the body is known to be UTF-8.
     *
     * @throws IOException as {@link McpExchange#body} does
     */
    JSONRPCMessage read(McpExchange exchange) throws IOException, UnreadableMessageException {
        exchange.body();
        return read(exchange.json());
    }

    /** The message {@code body} holds. */
    JSONRPCMessage read(JsonBody body) throws UnreadableMessageException {
        InboundMessageMapper.takeRefusal(); // nothing an earlier request on this thread left may answer this one
        Map<?, ?> message;
        try {
            message = inbound != null ? inbound.message(body) : objectOf(body);
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

    /** The JSON object {@code body} is, {@code null} for JSON {@code null}. */
    private static Map<?, ?> objectOf(JsonBody body) throws IOException {
        if (!body.json() || (body.value() != null && !(body.value() instanceof Map))) {
            throw new IOException("Not a JSON object");
        }
        return (Map<?, ?>) body.value();
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
