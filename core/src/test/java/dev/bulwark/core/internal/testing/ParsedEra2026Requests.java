package dev.bulwark.core.internal.testing;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.internal.presentation.server.MessageCheckingJsonMapper;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.origin.RequestOrigin;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** 2026-era requests built from their bodies as Bulwark's transports read them, with Bulwark's JSON mapper. */
public final class ParsedEra2026Requests {

    private static final McpJsonMapper MAPPER = MessageCheckingJsonMapper.strictOver(Bulwark.defaultObjectMapper());

    private ParsedEra2026Requests() {}

    /** {@code body} read over HTTP, as the HTTP transport hands it over. */
    public static Era2026Request overHttp(byte[] body, Map<String, String> headers, RequestOrigin origin) {
        Object value;
        try {
            value = MAPPER.readValue(body, Object.class);
        } catch (IOException | RuntimeException notJson) {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()
                    ? Era2026Request.overHttp(null, headers, origin)
                    : Era2026Request.notJsonOverHttp(headers, origin);
        }
        return Era2026Request.overHttp(object(value), headers, origin);
    }

    /** {@code line}, one JSON object, read over stdio and handed on to the core's threads. */
    public static Era2026Request overStdio(byte[] line, RequestOrigin origin) {
        return Era2026Request.overStdio(read(line), origin);
    }

    /** {@code line}, one JSON object, read over stdio. */
    public static Era2026Request overStdio(byte[] line, RequestOrigin origin, boolean servedOnCallingThread) {
        return Era2026Request.overStdio(
                read(line),
                origin.toBuilder().servedOnCallingThread(servedOnCallingThread).build());
    }

    private static Map<String, Object> read(byte[] line) {
        try {
            return object(MAPPER.readValue(line, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }
}
