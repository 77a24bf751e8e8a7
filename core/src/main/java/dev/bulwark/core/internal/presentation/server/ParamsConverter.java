package dev.bulwark.core.internal.presentation.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Converts a request's params (the JSON object as read, a {@code Map}) to the type its method's handler reads, as
 * Jackson's {@code convertValue} does: the map written to a token buffer, read back as the type. With a Jackson
 * mapper, each type's reader is resolved once, here, rather than Jackson looking up the type and its deserializer
 * again on every call; with another mapper it is that mapper's {@code convertValue}. A failure is an
 * {@link IllegalArgumentException} caused by Jackson's own, as {@code convertValue}'s is. Thread-safe.
 */
final class ParamsConverter {

    /** The reader of each type, or {@code null} when the mapper is not Jackson's. */
    private final Map<Class<?>, ObjectReader> readers;
    private final ObjectWriter writer;
    private final ObjectMapper codec;
    private final boolean bigDecimals;
    private final McpJsonMapper fallback;

    private ParamsConverter(ObjectMapper mapper, Collection<Class<?>> types, McpJsonMapper fallback) {
        this.fallback = fallback;
        this.codec = mapper;
        if (mapper == null) {
            this.readers = null;
            this.writer = null;
            this.bigDecimals = false;
            return;
        }
        this.readers = types.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), mapper::readerFor));
        this.writer = mapper.writer().without(SerializationFeature.WRAP_ROOT_VALUE);
        this.bigDecimals = mapper.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** A converter for {@code types} over {@code mapper}, with readers resolved once when it is Jackson's. */
    static ParamsConverter over(McpJsonMapper mapper, Collection<Class<?>> types) {
        Objects.requireNonNull(mapper, "mapper");
        ObjectMapper jackson = mapper instanceof JacksonMcpJsonMapper jacksonMapper
                ? jacksonMapper.getObjectMapper() : null;
        return new ParamsConverter(jackson, types, mapper);
    }

    /**
     * {@code params} as a {@code type}.
     *
     * @throws IllegalArgumentException when they do not fit, caused by Jackson's failure
     */
    Object convert(Map<?, ?> params, Class<?> type) {
        ObjectReader reader = readers == null ? null : readers.get(type);
        if (reader == null) {
            return fallback.convertValue(params, type);
        }
        TokenBuffer buffer = new TokenBuffer(codec, false);
        if (bigDecimals) {
            buffer = buffer.forceUseOfBigDecimal(true);
        }
        try {
            writer.writeValue(buffer, params);
            return reader.readValue(buffer.asParser());
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
