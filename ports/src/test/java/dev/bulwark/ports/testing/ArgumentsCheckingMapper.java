package dev.bulwark.ports.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mapper that refuses requests for their params the way Bulwark's does (an {@link IllegalArgumentException}
 * caused by the {@link McpError} to answer with), for one case: a {@code tools/call} whose arguments are not an
 * object. The transports' side of that contract is what their tests check; the checks themselves are core's.
 */
public final class ArgumentsCheckingMapper implements McpJsonMapper {

    public static final String MESSAGE = "Invalid params for tools/call: arguments must be a JSON object";

    private final McpJsonMapper delegate = new JacksonMcpJsonMapper(new ObjectMapper());
    /** How many times a request body was read (read from bytes). */
    public final AtomicInteger bodyReads = new AtomicInteger();

    @Override
    public <T> T convertValue(Object fromValue, Class<T> type) {
        if (type == JSONRPCRequest.class
                && fromValue instanceof Map<?, ?> message
                && "tools/call".equals(message.get("method"))
                && message.get("params") instanceof Map<?, ?> params
                && params.get("arguments") != null
                && !(params.get("arguments") instanceof Map)) {
            McpError refusal = McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message(MESSAGE)
                    .build();
            throw new IllegalArgumentException(MESSAGE, refusal);
        }
        return delegate.convertValue(fromValue, type);
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
        bodyReads.incrementAndGet();
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(String content, TypeRef<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
        bodyReads.incrementAndGet();
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
