package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.internal.business.caching.CacheCodec;
import dev.bulwark.core.internal.business.caching.JsonText;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stores tool results in the cache as their MCP JSON. Error results are never cached. Thread-safe. */
final class CallToolResultCodec implements CacheCodec<CallToolResult> {

    private static final Logger LOG = LoggerFactory.getLogger(CallToolResultCodec.class);

    private final ObjectMapper mapper;

    CallToolResultCodec(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public String encode(CallToolResult value) {
        try {
            return JsonText.escapeLoneSurrogates(mapper.writeValueAsString(value)); // stores may encode UTF-8
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("tool result cannot be written as JSON", e);
        }
    }

    @Override
    public CallToolResult decode(String text) {
        try {
            return mapper.readValue(text, CallToolResult.class);
        } catch (JsonProcessingException e) {
            LOG.warn("Cached tool result could not be read; recomputing: {}", e.getOriginalMessage());
            return null;
        }
    }

    @Override
    public boolean isCacheable(CallToolResult value) {
        return !ResultMeta.isError(value);
    }
}
