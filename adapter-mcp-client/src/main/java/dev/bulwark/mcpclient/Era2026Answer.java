package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.upstream.UpstreamCallException;
import dev.bulwark.ports.upstream.UpstreamFailure;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads the answer to one request of the 2026 era over HTTP, a JSON body or an event stream, up to a byte cap: the
 * JSON-RPC response to the request, with the notifications before it passed on.
 * Not thread-safe: one per answer.
 */
final class Era2026Answer {

    private final String upstream;
    private final ObjectMapper json;
    private final long maxBytes;
    private final long id;
    private final Consumer<JsonNode> notified;

    /** @param notified told each notification in an event stream before the response */
    Era2026Answer(String upstream, ObjectMapper json, long maxBytes, long id, Consumer<JsonNode> notified) {
        this.upstream = upstream;
        this.json = json;
        this.maxBytes = maxBytes;
        this.id = id;
        this.notified = notified;
    }

    /**
     * The JSON-RPC response, holding {@code result} or {@code error}.
     *
     * @throws McpError for an answer that holds no response to the request
     * @throws UpstreamCallException when the answer is over the cap, or refuses the credential
     * @throws UncheckedIOException when the connection failed while reading
     */
    JsonNode result(HttpResponse<InputStream> response) {
        return result(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /**
     * The JSON-RPC response in an answer of {@code status} whose body, of content type {@code type}, is {@code answer};
     * the body is closed once read.
     *
     * @throws McpError for an answer that holds no response to the request
     * @throws UpstreamCallException when the answer is over the cap, or refuses the credential
     * @throws UncheckedIOException when the connection failed while reading
     */
    JsonNode result(int status, String type, InputStream answer) {
        if (status == 401 || status == 403) {
            close(answer);
            throw new UpstreamCallException(
                    upstream,
                    UpstreamFailure.UNAVAILABLE,
                    "Upstream " + upstream + " answered HTTP " + status + ": check its credential");
        }
        try (InputStream body = new Capped(answer)) {
            JsonNode message = type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")
                    ? fromStream(body)
                    : parse(body.readAllBytes());
            if (message == null || !message.isObject() || !(message.has("result") || message.has("error"))) {
                throw notMcp(status);
            }
            return message;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes {@code body}, a failure to close ignored. */
    static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // closing only
        }
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return bytes.length == 0 ? null : json.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    /** The response in an event stream, each notification before it passed on. */
    private JsonNode fromStream(InputStream body) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        for (String line = lines.readLine(); ; line = lines.readLine()) {
            if (line == null || line.isEmpty()) {
                if (data.length() > 0) {
                    JsonNode message = parse(data.toString().getBytes(StandardCharsets.UTF_8));
                    data.setLength(0);
                    if (message != null && message.path("id").asLong(-1) == id && !message.has("method")) {
                        return message;
                    }
                    if (message != null && message.has("method")) {
                        notified.accept(message);
                    }
                }
                if (line == null) {
                    return null;
                }
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
    }

    private static McpError notMcp(int status) {
        return new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                -32603, "answered HTTP " + status + " with no JSON-RPC response"));
    }

    /** The body, refused past the cap. */
    private final class Capped extends InputStream {

        private final InputStream delegate;
        private long read;

        Capped(InputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw new UpstreamCallException(
                        upstream,
                        UpstreamFailure.RESULT_TOO_LARGE,
                        "Upstream " + upstream + " sent a message over " + maxBytes + " bytes; it was not passed on");
            }
        }

        @Override
        public byte[] readAllBytes() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transferTo(out);
            return out.toByteArray();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
