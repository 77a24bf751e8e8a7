package dev.bulwark.http.edge;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON mapper the SDK's HTTP transports read requests with, remembering on the reading thread a request that
 * the mapper it wraps refused for its params, so that the answer can say so.
 *
 * <p>A mapper that checks params (Bulwark's) refuses such a request with an {@link IllegalArgumentException} caused
 * by the {@link McpError} to answer with. The SDK's transports catch it as a malformed message and answer HTTP 400
 * with a message of their own, which {@link JsonRpcErrorResponse} never passes on. Here the refusal is rendered as
 * the JSON-RPC answer to that request (its id, code {@code -32602} and the checker's message, written for the client)
 * and kept on the request thread, where the transport reads the body and answers; {@link JsonRpcErrorResponse}
 * {@linkplain #takeRefusal() takes} it when the transport answers 400, and sends it instead, in band (HTTP 200), as
 * any other error of a request the server read. Thread-safe.
 */
public final class RefusalRecordingJsonMapper implements McpJsonMapper {

    private static final ThreadLocal<String> REFUSAL = new ThreadLocal<>();

    private final McpJsonMapper delegate;

    /** @param delegate the mapper that reads and writes, and may refuse a request for its params */
    public RefusalRecordingJsonMapper(McpJsonMapper delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * The JSON-RPC answer to the last request this thread's transport refused for its params, removed as it is
     * taken; {@code null} when there is none.
     */
    static String takeRefusal() {
        String answer = REFUSAL.get();
        if (answer != null) {
            REFUSAL.remove();
        }
        return answer;
    }

    /** Forgets a refusal no answer took, so that it cannot answer a later request on this thread. */
    public static void clear() {
        REFUSAL.remove();
    }

    @Override
    public <T> T convertValue(Object fromValue, Class<T> type) {
        try {
            return delegate.convertValue(fromValue, type);
        } catch (IllegalArgumentException e) {
            if (type == JSONRPCRequest.class && e.getCause() instanceof McpError refusal
                    && fromValue instanceof Map<?, ?> message && message.get("id") != null) {
                REFUSAL.set(render(message.get("id"), refusal));
            }
            throw e;
        }
    }

    private String render(Object id, McpError refusal) {
        try {
            return delegate.writeValueAsString(new JSONRPCResponse("2.0", id, null, refusal.getJsonRpcError()));
        } catch (IOException | RuntimeException e) {
            return null; // the transport's own 400 answers it then
        }
    }

    @Override
    public <T> T convertValue(Object fromValue, TypeRef<T> type) {
        return delegate.convertValue(fromValue, type);
    }

    @Override
    public <T> T readValue(String content, Class<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, Class<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(String content, TypeRef<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public String writeValueAsString(Object value) throws IOException {
        return delegate.writeValueAsString(value);
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        return delegate.writeValueAsBytes(value);
    }
}
