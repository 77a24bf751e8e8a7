package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.JsonBody;
import dev.bulwark.ports.json.JsonBytes;
import dev.bulwark.ports.json.JsonBytesWriter;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON mapper the HTTP transports read request bodies with, saying in the client's words why one cannot be
 * served.
 */
public final class InboundMessageMapper implements McpJsonMapper, JsonBytesWriter {

    /** A JSON-RPC error to answer a body with, and the id of its request when it has a valid one. */
    public record Refusal(Object id, int code, String message) {

        /** Whether the body was a request the server read, refused only for its params: answered in band. */
        public boolean inBand() {
            return code == McpSchema.ErrorCodes.INVALID_PARAMS && id != null;
        }
    }

    /** What the request this thread serves carried, as far as the answer depends on it; reset after each request. */
    private static final class RequestState {
        /** Why its body cannot be served, until an answer takes it. */
        Refusal refusal;
        /** Whether its body is a notification or a response: a message that expects no answer. */
        boolean oneWay;
        /** The session it names ({@code Mcp-Session-Id}), or {@code null}. */
        String sessionId;
    }

    private static final ThreadLocal<RequestState> STATE = ThreadLocal.withInitial(RequestState::new);

    private final McpJsonMapper delegate;
    private final boolean takesResponses;

    /** @param delegate the mapper that reads and writes, and may refuse a message */
    public InboundMessageMapper(McpJsonMapper delegate) {
        this(delegate, true);
    }

    private InboundMessageMapper(McpJsonMapper delegate, boolean takesResponses) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.takesResponses = takesResponses;
    }

    /**
     * The mapper of a stateless server, which sends no requests and so takes no responses: a response is refused
     * with {@code -32600} saying so (the SDK's own answer called it a message of the wrong kind).
     */
    public static InboundMessageMapper withoutResponses(McpJsonMapper delegate) {
        return new InboundMessageMapper(delegate, false);
    }

    /** Why the body this thread's transport last failed to read cannot be served, removed as it is taken. */
    public static Refusal takeRefusal() {
        RequestState state = STATE.get();
        Refusal refusal = state.refusal;
        state.refusal = null;
        return refusal;
    }

    /**
     * Whether the body this thread's transport last read is a notification or a response (a message that expects
     * no answer), not a request.
     */
    static boolean readOneWayMessage() {
        return STATE.get().oneWay;
    }

    /**
     * Says that the request this thread serves names the session {@code sessionId}, which its caller owns: its body
     * may not be an {@code initialize}, which starts a new session (the SDK would start one, and a session started
     * that way would escape the session cap, the idle eviction and its caller's ownership, which are all kept for
     * sessions started without a session id). Until {@link #clear()}. (The streamable transport reports the
     * session's cancellations itself.)
     */
    public static void readingInSession(String sessionId) {
        STATE.get().sessionId = sessionId;
    }

    /**
     * Forgets what was read (a refusal no answer took, whether the message expects an answer, whether it came in a
     * session), so that it cannot shape the answer to a later request on this thread.
     */
    public static void clear() {
        RequestState state = STATE.get();
        state.refusal = null;
        state.oneWay = false;
        state.sessionId = null;
    }

    @Override
    public <T> T readValue(String content, TypeRef<T> type) throws IOException {
        return readMessage(content, () -> delegate.readValue(content, type));
    }

    @Override
    public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
        return readMessage(content, () -> delegate.readValue(content, type));
    }

    @Override
    public <T> T readValue(String content, Class<T> type) throws IOException {
        return readMessage(content, () -> delegate.readValue(content, type));
    }

    @Override
    public <T> T readValue(byte[] content, Class<T> type) throws IOException {
        return readMessage(content, () -> delegate.readValue(content, type));
    }

    /** One read of the delegate. */
    @FunctionalInterface
    private interface Read<T> {
        T run() throws IOException;
    }

    private <T> T readMessage(Object content, Read<T> read) throws IOException {
        T value;
        try {
            value = read.run();
        } catch (IOException | RuntimeException e) {
            throw unreadable(isJson(content));
        }
        return requireMessage(value);
    }

    @Override
    public <T> T convertValue(Object fromValue, Class<T> type) {
        try {
            return delegate.convertValue(fromValue, type);
        } catch (IllegalArgumentException e) {
            if (!JSONRPCMessage.class.isAssignableFrom(type)) {
                throw e;
            }
            Object id = fromValue instanceof Map<?, ?> message ? validIdOf(message.get("id")) : null;
            if (e.getCause() instanceof McpError checked) {
                throw refuse(new Refusal(
                        id,
                        checked.getJsonRpcError().code(),
                        checked.getJsonRpcError().message()));
            }
            throw refuse(new Refusal(
                    id,
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: the message does not fit the JSON-RPC message it claims to be"));
        }
    }

    @Override
    public <T> T convertValue(Object fromValue, TypeRef<T> type) {
        return delegate.convertValue(fromValue, type);
    }

    @Override
    public String writeValueAsString(Object value) throws IOException {
        return delegate.writeValueAsString(value);
    }

    /** {@code value} as its delegate writes it in chunks when it can, else from its bytes. */
    @Override
    public JsonBytes writeJsonBytes(Object value) throws IOException {
        return delegate instanceof JsonBytesWriter chunks
                ? chunks.writeJsonBytes(value)
                : JsonBytes.of(delegate.writeValueAsBytes(value));
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        return delegate.writeValueAsBytes(value);
    }

    /** A body read whole must be one JSON-RPC message: an object with a method, a result or an error. */
    private <T> T requireMessage(T value) {
        if (!(value instanceof Map<?, ?> message)) {
            throw refuse(new Refusal(
                    null,
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: the body must be one JSON-RPC message, a JSON object"));
        }
        if (!message.containsKey("method") && !message.containsKey("result") && !message.containsKey("error")) {
            throw refuse(new Refusal(
                    validIdOf(message.get("id")),
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: a message needs a method (a request or notification), or a result or an"
                            + " error (a response)"));
        }
        RequestState state = STATE.get();
        if (state.sessionId != null && McpSchema.METHOD_INITIALIZE.equals(message.get("method"))) {
            throw refuse(new Refusal(
                    validIdOf(message.get("id")),
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: initialize starts a new session; send it without the Mcp-Session-Id header"));
        }
        if (expectsNoAnswer(message)) {
            if (!takesResponses && !message.containsKey("method")) {
                throw refuse(new Refusal(
                        validIdOf(message.get("id")),
                        McpSchema.ErrorCodes.INVALID_REQUEST,
                        "Invalid Request: a response, but this server is stateless: it sends no requests, so it"
                                + " takes no responses"));
            }
            state.oneWay = true;
        }
        return value;
    }

    /**
     * Whether a JSON-RPC message expects no answer: a notification (a method, no id) or a response (no method).
     */
    public static boolean expectsNoAnswer(Map<?, ?> message) {
        return !message.containsKey("id") || !message.containsKey("method");
    }

    /** Whether {@code body} is a JSON-RPC message that expects no answer; false when it is not a JSON object. */
    public static boolean expectsNoAnswer(JsonBody body) {
        return body.value() instanceof Map<?, ?> message && expectsNoAnswer(message);
    }

    /** The mapper that reads a body as JSON, without the checks of this one. */
    public McpJsonMapper unchecked() {
        return delegate;
    }

    /**
     * The message {@code body} (read with {@link #unchecked()}) holds, checked as a body read through this mapper is,
     * with the same refusal kept for the answer.
     *
     * @throws IOException when it is not a JSON object
     * @throws IllegalArgumentException when it is not a message this mapper takes
     */
    public Map<?, ?> message(JsonBody body) throws IOException {
        if (!body.json() || (body.value() != null && !(body.value() instanceof Map))) {
            throw unreadable(body.json());
        }
        return (Map<?, ?>) requireMessage(body.value());
    }

    /**
     * Whether {@code content}, which did not read as a message, is JSON at all: read again as any value, only on
     * this failure path. (The adapter does not depend on the JSON library, so its exception types cannot tell.)
     */
    private boolean isJson(Object content) {
        try {
            if (content instanceof String text) {
                delegate.readValue(text, Object.class);
            } else {
                delegate.readValue((byte[]) content, Object.class);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static IOException unreadable(boolean json) {
        Refusal refusal = json
                ? new Refusal(
                        null,
                        McpSchema.ErrorCodes.INVALID_REQUEST,
                        "Invalid Request: the body must be one JSON-RPC message, a JSON object (not an array:"
                                + " batches are not supported; not a string or a number)")
                : new Refusal(
                        null,
                        McpSchema.ErrorCodes.PARSE_ERROR,
                        "Parse error: the body is not valid JSON (one value, each key once, nested at most 1000 deep)");
        STATE.get().refusal = refusal;
        return new IOException(refusal.message());
    }

    private static IllegalArgumentException refuse(Refusal refusal) {
        STATE.get().refusal = refusal;
        return new IllegalArgumentException(refusal.message());
    }

    /**
     * The id to answer a refused message with: its own when it is one the server takes (a string or an integer of at
     * most 64 bits, which the JSON reader gives as an {@code Integer} or a {@code Long}), otherwise {@code null}, as
     * JSON-RPC wants for an id that cannot be read; a larger integer is refused as an id, so it is not echoed either.
     */
    private static Object validIdOf(Object id) {
        return id instanceof String || id instanceof Integer || id instanceof Long ? id : null;
    }
}
