package dev.bulwark.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real HTTP service for tests, on embedded Jetty at 127.0.0.1 and a free port, under the base path {@code /api/}.
 * Each route ({@code "GET orders/1"}, relative to the base path) answers with a {@link Behaviour}; a route given
 * several behaviours plays them in turn, repeating the last. Unknown routes answer 404. Every request is recorded
 * (method, path as sent, selected headers, body). Also {@link #garbage()}: a socket that answers anything with bytes
 * that are not HTTP. Thread-safe.
 */
public final class FakeService implements AutoCloseable {

    /** How a route answers one request. */
    @FunctionalInterface
    public interface Behaviour {
        void answer(Request request, Response response, Callback callback) throws Exception;
    }

    /** One request as the service saw it: its body as UTF-8 text and as the bytes that came. */
    public record Recorded(
            String method, String path, String query, Map<String, String> headers, String body, byte[] bodyBytes) {

        /** A copy of the body's bytes. */
        @Override
        public byte[] bodyBytes() {
            return bodyBytes.clone();
        }
    }

    private final Server jetty;
    private final ServerConnector connector;
    private final Map<String, Deque<Behaviour>> routes = new ConcurrentHashMap<>();
    /** The name of the service's threads: in production an upstream is another process, and its logs are not ours. */
    public static final String THREAD_NAME = "fake-service";

    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    /** The threads answering now: closing interrupts them, so a slow answer no client waits for ends at once. */
    private final Set<Thread> answering = ConcurrentHashMap.newKeySet();

    private FakeService() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(THREAD_NAME);
        jetty = new Server(threads);
        connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return dispatch(request, response, callback);
            }
        });
        jetty.start();
    }

    /** A started service; close it when done. */
    public static FakeService start() {
        try {
            return new FakeService();
        } catch (Exception e) {
            throw new IllegalStateException("the fake service did not start", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/api/}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/api/";
    }

    /** {@code http://127.0.0.1:<port>}: the same host, outside the base path. */
    public String origin() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Routes {@code "METHOD path"} (path relative to {@code /api/}) to these behaviours, in turn. */
    public FakeService on(String route, Behaviour... behaviours) {
        routes.put(route, new ConcurrentLinkedDeque<>(List.of(behaviours)));
        return this;
    }

    /** How many requests reached {@code "METHOD path"}. */
    public int hits(String route) {
        AtomicInteger count = hits.get(route);
        return count == null ? 0 : count.get();
    }

    /** Every request, in arrival order. */
    public List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    /** The most requests that were being answered at once. */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    @Override
    public void close() {
        answering.forEach(Thread::interrupt);
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the fake service did not stop", e);
        }
    }

    private boolean dispatch(Request request, Response response, Callback callback) throws Exception {
        String rawPath = request.getHttpURI().getPath();
        String path = rawPath.startsWith("/api/") ? rawPath.substring("/api/".length()) : rawPath;
        String route = request.getMethod() + " " + path;
        ByteBuffer content = Content.Source.asByteBuffer(request);
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        String body = new String(bytes, StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.getHeaders().forEach(field -> headers.put(field.getName(), field.getValue()));
        requests.add(
                new Recorded(request.getMethod(), rawPath, request.getHttpURI().getQuery(), headers, body, bytes));
        hits.computeIfAbsent(route, key -> new AtomicInteger()).incrementAndGet();
        Deque<Behaviour> behaviours = routes.get(route);
        Behaviour behaviour;
        if (behaviours == null) {
            behaviour = json(404, "{\"error\":\"not found\"}");
        } else {
            synchronized (behaviours) {
                behaviour = behaviours.size() > 1 ? behaviours.poll() : behaviours.peek();
            }
        }
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        answering.add(Thread.currentThread());
        try {
            behaviour.answer(request, response, callback);
        } finally {
            answering.remove(Thread.currentThread());
            inFlight.decrementAndGet();
        }
        return true;
    }

    // -------------------------------------------------------------------------------------------- behaviours

    /** Answers {@code status} with a JSON body. */
    public static Behaviour json(int status, String json) {
        return text(status, "application/json", json);
    }

    /** Answers {@code status} with a body of this media type. */
    public static Behaviour text(int status, String contentType, String body) {
        return (request, response, callback) -> {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put("Set-Cookie", "session=upstream-secret");
            response.getHeaders().put("Server", "internal-host-7.corp");
            response.getHeaders().put("ETag", "\"v1\"");
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        };
    }

    /** Waits, then answers as {@code then} does. */
    public static Behaviour slow(Duration delay, Behaviour then) {
        return (request, response, callback) -> {
            Thread.sleep(delay.toMillis());
            then.answer(request, response, callback);
        };
    }

    /** Redirects to {@code location} with {@code status}. */
    public static Behaviour redirect(int status, String location) {
        return (request, response, callback) -> {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.LOCATION, location);
            response.write(true, ByteBuffer.allocate(0), callback);
        };
    }

    /** Resets the connection (RST) without answering. */
    public static Behaviour reset() {
        return (request, response, callback) -> {
            EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            if (endPoint.getTransport() instanceof SocketChannel channel) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            endPoint.close();
            callback.failed(new IOException("reset on purpose"));
        };
    }

    /**
     * Answers 200 with the request's headers, in arrival order, as {@code render} writes them into a body of
     * {@code contentType} (encoded in {@code charset}), as a debugging or proxy endpoint does; its {@code ETag} and
     * {@code Cache-Control} headers echo them too, as lines and URL-encoded.
     */
    public static Behaviour echo(
            String contentType,
            java.nio.charset.Charset charset,
            java.util.function.Function<List<Map.Entry<String, String>>, String> render) {
        return (request, response, callback) -> {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            request.getHeaders().forEach(field -> headers.add(Map.entry(field.getName(), field.getValue())));
            StringBuilder lines = new StringBuilder();
            headers.forEach(header -> lines.append(header.getKey())
                    .append(": ")
                    .append(header.getValue())
                    .append("; "));
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders()
                    .put("ETag", "\"" + java.net.URLEncoder.encode(lines.toString(), StandardCharsets.UTF_8) + "\"");
            response.getHeaders().put("Cache-Control", "no-store, x-echo=" + lines);
            response.write(true, ByteBuffer.wrap(render.apply(headers).getBytes(charset)), callback);
        };
    }

    /**
     * The forms an echoing endpoint gives the request's headers in, by name: JSON ({@code json}), JSON with every
     * character but letters and digits escaped ({@code json-escaped}, as {@code \/} and {@code \u0026}), nested JSON
     * ({@code nested}), header lines ({@code text}), a form ({@code form}), the header lines base64-encoded
     * ({@code base64}, {@code base64url}), HTML ({@code html}) and UTF-16 text ({@code utf16}). For {@link #echo}.
     */
    public static Map<String, Behaviour> echoes() {
        Map<String, Behaviour> echoes = new java.util.LinkedHashMap<>();
        echoes.put(
                "json",
                echo(
                        "application/json",
                        StandardCharsets.UTF_8,
                        headers -> "{\"headers\":{"
                                + String.join(
                                        ",",
                                        headers.stream()
                                                .map(h -> jsonString(h.getKey(), false) + ":"
                                                        + jsonString(h.getValue(), false))
                                                .toList())
                                + "}}"));
        echoes.put(
                "json-escaped",
                echo(
                        "application/json",
                        StandardCharsets.UTF_8,
                        headers -> "{\"headers\":{"
                                + String.join(
                                        ",",
                                        headers.stream()
                                                .map(h -> jsonString(h.getKey(), true) + ":"
                                                        + jsonString(h.getValue(), true))
                                                .toList())
                                + "}}"));
        echoes.put(
                "nested",
                echo(
                        "application/json; charset=utf-8",
                        StandardCharsets.UTF_8,
                        headers -> "{\"request\":{\"method\":\"GET\",\"headers\":["
                                + String.join(
                                        ",",
                                        headers.stream()
                                                .map(h -> "{\"name\":" + jsonString(h.getKey(), false) + ",\"values\":["
                                                        + jsonString(h.getValue(), false) + "]}")
                                                .toList())
                                + "]}}"));
        echoes.put("text", echo("text/plain", StandardCharsets.UTF_8, FakeService::headerLines));
        echoes.put(
                "form",
                echo(
                        "application/x-www-form-urlencoded",
                        StandardCharsets.UTF_8,
                        headers -> String.join(
                                "&",
                                headers.stream()
                                        .map(h -> java.net.URLEncoder.encode(h.getKey(), StandardCharsets.UTF_8) + "="
                                                + java.net.URLEncoder.encode(h.getValue(), StandardCharsets.UTF_8))
                                        .toList())));
        echoes.put(
                "base64",
                echo(
                        "text/plain",
                        StandardCharsets.UTF_8,
                        headers -> "dump="
                                + java.util.Base64.getEncoder()
                                        .encodeToString(headerLines(headers).getBytes(StandardCharsets.UTF_8))));
        echoes.put(
                "base64url",
                echo(
                        "text/plain",
                        StandardCharsets.UTF_8,
                        headers -> "dump="
                                + java.util.Base64.getUrlEncoder()
                                        .withoutPadding()
                                        .encodeToString(
                                                ("x" + headerLines(headers)).getBytes(StandardCharsets.UTF_8))));
        echoes.put(
                "html",
                echo(
                        "text/html",
                        StandardCharsets.UTF_8,
                        headers -> "<dl>"
                                + String.join(
                                        "",
                                        headers.stream()
                                                .map(h -> "<dt>" + html(h.getKey()) + "</dt><dd>" + html(h.getValue())
                                                        + "</dd>")
                                                .toList())
                                + "</dl>"));
        echoes.put("utf16", echo("text/plain; charset=utf-16le", StandardCharsets.UTF_16LE, FakeService::headerLines));
        echoes.put("gzip", coded("gzip", echo("text/plain", StandardCharsets.UTF_8, FakeService::headerLines)));
        echoes.put(
                "deflate",
                coded(
                        "deflate",
                        echo(
                                "application/json",
                                StandardCharsets.UTF_8,
                                headers -> "{\"lines\":" + jsonString(headerLines(headers), false) + "}")));
        return echoes;
    }

    /**
     * Answers as {@code then} does, its body compressed with {@code coding} ({@code gzip}, {@code deflate}; any other
     * name is sent as it is, the body unchanged) and named in {@code Content-Encoding}, whatever the request accepts.
     */
    public static Behaviour coded(String coding, Behaviour then) {
        return (request, response, callback) -> {
            java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
            Response capture = new Response.Wrapper(request, response) {
                @Override
                public void write(boolean last, ByteBuffer content, Callback writeCallback) {
                    byte[] bytes = new byte[content.remaining()];
                    content.get(bytes);
                    plain.write(bytes, 0, bytes.length);
                    if (!last) {
                        writeCallback.succeeded();
                        return;
                    }
                    byte[] encoded;
                    try {
                        encoded = compress(coding, plain.toByteArray());
                    } catch (IOException e) {
                        writeCallback.failed(e);
                        return;
                    }
                    response.getHeaders().put(HttpHeader.CONTENT_ENCODING, coding);
                    response.write(true, ByteBuffer.wrap(encoded), writeCallback);
                }
            };
            then.answer(request, capture, callback);
        };
    }

    /** {@code bytes} compressed with {@code coding}; as they are for a coding other than gzip and deflate. */
    public static byte[] compress(String coding, byte[] bytes) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        OutputStream compressing = switch (coding) {
            case "gzip" -> new java.util.zip.GZIPOutputStream(out);
            case "deflate" -> new java.util.zip.DeflaterOutputStream(out);
            default -> out;
        };
        try (compressing) {
            compressing.write(bytes);
        }
        return out.toByteArray();
    }

    private static String headerLines(List<Map.Entry<String, String>> headers) {
        StringBuilder lines = new StringBuilder();
        headers.forEach(header -> lines.append(header.getKey())
                .append(": ")
                .append(header.getValue())
                .append("\r\n"));
        return lines.toString();
    }

    private static String jsonString(String value, boolean escapeAll) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (escapeAll && !Character.isLetterOrDigit(c)) {
                json.append(c == '/' ? "\\/" : String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static String html(String value) {
        StringBuilder html = new StringBuilder();
        for (char c : value.toCharArray()) {
            html.append(
                    Character.isLetterOrDigit(c)
                            ? String.valueOf(c)
                            : c == '&'
                                    ? "&amp;"
                                    : "&#x" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ";");
        }
        return html.toString();
    }

    /** Answers 200 with {@code bytes} bytes of JSON-ish text, declaring the length when {@code declared}. */
    public static Behaviour tooMuch(int bytes, boolean declared) {
        return (request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            if (declared) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes);
            }
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) 'x');
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
                }
            } catch (IOException e) {
                // the client stopped reading: as expected
            }
            callback.succeeded();
        };
    }

    // ------------------------------------------------------------------------------------------ not HTTP at all

    /**
     * A socket on 127.0.0.1 that reads a request's first bytes and answers with a line that is not HTTP, then closes.
     * Close it when done.
     */
    public static Garbage garbage() {
        return new Garbage();
    }

    /** See {@link #garbage()}. */
    public static final class Garbage implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        private Garbage() {
            try {
                socket = new ServerSocket();
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread thread = new Thread(this::serve, "garbage-service");
            thread.setDaemon(true);
            thread.start();
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/api/";
        }

        public int connections() {
            return connections.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    connections.incrementAndGet();
                    InputStream in = client.getInputStream();
                    in.read(new byte[4096]);
                    client.getOutputStream()
                            .write("SSH-2.0-OpenSSH_9.6 not http at all\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                } catch (IOException e) {
                    // closed, or the client left: go on
                }
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
