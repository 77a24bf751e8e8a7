package dev.bulwark.stdio;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads one inbound line as a JSON-RPC 2.0 message, saying what is wrong instead of throwing.
 */
final class InboundLineParser {

    /**
     * What one line amounts to: a message to dispatch, or a rejection to answer; neither for a blank line.
     *
     * @param message the message, or {@code null}
     * @param json the JSON object the message was read from, as the JSON mapper read it, or {@code null}: a
     *     2026-era request is served from it, with the fields the session era's types drop
     * @param rejection why the line is refused, or {@code null}
     */
    record Parsed(JSONRPCMessage message, Map<String, Object> json, Rejection rejection) {

        static final Parsed BLANK = new Parsed(null, null, null);

        /** A line refused. */
        static Parsed refused(Rejection rejection) {
            return new Parsed(null, null, rejection);
        }
    }

    /**
     * How to answer a line that is not a usable message.
     *
     * @param id the id to answer with, {@code null} when none could be read
     * @param code the JSON-RPC error code
     * @param message the error message for the client, or {@code null} when it is not answered: a response (with
     *     {@code result} or {@code error}) is never answered, or two peers could bounce errors back and forth
     * @param logReason why, for the log (never the line itself)
     */
    record Rejection(Object id, int code, String message, String logReason) {

        /** Whether the client is answered with an error. */
        boolean answered() {
            return message != null;
        }
    }

    private static final String JSONRPC_VERSION = "2.0";

    private final McpJsonMapper jsonMapper;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    InboundLineParser(McpJsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /** The rejection of a line longer than {@code maxLineBytes}, which was skipped unread. */
    static Rejection tooLong(int maxLineBytes) {
        return new Rejection(
                null,
                McpSchema.ErrorCodes.INVALID_REQUEST,
                "Invalid Request: the message is larger"
                        + " than the limit of " + maxLineBytes + " bytes (limits.max-request-size); it was not"
                        + " read, so its id is unknown",
                "line too long");
    }

    /** Reads the first {@code length} bytes of {@code bytes} as one message. */
    Parsed parse(byte[] bytes, int length) {
        if (isBlank(bytes, length)) {
            return Parsed.BLANK;
        }
        Object json;
        try {
            int nonAscii = firstNonAscii(bytes, length);
            if (nonAscii >= 0 && bytes[nonAscii] == 0) {
                return notJson(); // a raw NUL is never JSON; read as bytes, it could pass for UTF-16
            }
            if (nonAscii >= 0) {
                // Jackson reads UTF-8 without checking every sequence; the decoder does, for the lines that need it
                utf8.decode(ByteBuffer.wrap(bytes, 0, length));
            }
            // Read from the bytes: no String (a decode and a copy) between the line and the tree
            json = jsonMapper.readValue(Arrays.copyOf(bytes, length), Object.class);
        } catch (CharacterCodingException e) {
            return rejected(
                    null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the line is not valid UTF-8", "not UTF-8");
        } catch (IOException | RuntimeException e) {
            return notJson();
        }
        return toMessage(json);
    }

    private static Parsed notJson() {
        return rejected(
                null,
                McpSchema.ErrorCodes.PARSE_ERROR,
                "Parse error: the line is not valid JSON (one" + " value, each key once, nested at most 1000 deep)",
                "not JSON");
    }

    /** The index of the first byte that is NUL or not ASCII, or -1 when there is none. */
    private static int firstNonAscii(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] <= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Classifies a parsed JSON value the way the SDK does. */
    private Parsed toMessage(Object json) {
        if (!(json instanceof Map<?, ?> map)) {
            return invalid(null, json instanceof List ? "batches are not supported" : "expected a JSON object");
        }
        Object rawId = map.get("id");
        Object id = isValidId(rawId) ? rawId : null;
        if (!JSONRPC_VERSION.equals(map.get("jsonrpc"))) {
            return invalid(id, "jsonrpc must be \"2.0\"");
        }
        Class<? extends JSONRPCMessage> type;
        if (map.containsKey("method")) {
            if (!(map.get("method") instanceof String)) {
                return invalid(id, "method must be a string");
            }
            if (map.containsKey("id") && id == null) {
                return invalid(null, "id must be a string or an integer of at most 64 bits");
            }
            type = map.containsKey("id") ? JSONRPCRequest.class : JSONRPCNotification.class;
        } else if (map.containsKey("result") || map.containsKey("error")) {
            if (id == null) {
                // A client reporting that it could not read one of our messages sends an error with a null id.
                return unanswered("a response whose id is not a string or an integer of at most 64 bits"
                        + errorCode(map.get("error")));
            }
            type = JSONRPCResponse.class;
        } else {
            return invalid(id, "expected method, result or error");
        }
        try {
            @SuppressWarnings("unchecked") // a JSON object as read: string keys
            Map<String, Object> object = (Map<String, Object>) map;
            return new Parsed(jsonMapper.convertValue(map, type), object, null);
        } catch (RuntimeException e) {
            // A mapper that checks params (Bulwark's) refuses a request whose params do not fit its method with an
            // IllegalArgumentException caused by the McpError to answer with; its message is written for the client.
            if (type == JSONRPCResponse.class) {
                return unanswered("a response that is not a JSON-RPC response" + errorCode(map.get("error")));
            }
            if (e.getCause() instanceof McpError refusal && id != null) {
                JSONRPCError error = refusal.getJsonRpcError();
                return rejected(id, error.code(), error.message(), error.message());
            }
            return invalid(id, null);
        }
    }

    /** An invalid request; {@code reason}, when known, is told to the client. */
    private static Parsed invalid(Object id, String reason) {
        return rejected(
                id,
                McpSchema.ErrorCodes.INVALID_REQUEST,
                reason == null ? "Invalid Request" : "Invalid Request: " + reason,
                reason == null ? "not a JSON-RPC message" : reason);
    }

    /** A response that cannot be used: logged, never answered. */
    private static Parsed unanswered(String logReason) {
        return rejected(null, 0, null, logReason);
    }

    /** The client's error code, when {@code error} holds one, for the log. */
    private static String errorCode(Object error) {
        return error instanceof Map<?, ?> fields && fields.get("code") instanceof Number code
                ? "; the client's error code " + code.longValue()
                : "";
    }

    private static Parsed rejected(Object id, int code, String message, String logReason) {
        return Parsed.refused(new Rejection(id, code, message, logReason));
    }

    /** A string or an integer of at most 64 bits: the ids MCP allows that the SDK takes. */
    private static boolean isValidId(Object id) {
        return id instanceof String || id instanceof Integer || id instanceof Long;
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
