package dev.bulwark.http.transport;

import dev.bulwark.http.HttpHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty server on a free port of 127.0.0.1 serving one core handler, and an HTTP/1.1 client for it. */
public final class HandlerServer implements AutoCloseable {

    public final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HttpHarness.PATIENCE)
            .build();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    public HandlerServer(Handler handler) {
        this(handler, null);
    }

    /** As {@link #HandlerServer(Handler)}, with {@code idleTimeout} for its connections ({@code null}: Jetty's). */
    public HandlerServer(Handler handler, Duration idleTimeout) {
        if (idleTimeout != null) {
            connector.setIdleTimeout(idleTimeout.toMillis());
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The connections open on the server now. */
    public List<EndPoint> endPoints() {
        return List.copyOf(connector.getConnectedEndPoints());
    }

    /** The idle timeout of a connection that has not been given one of its own, in milliseconds. */
    public long idleTimeoutMillis() {
        return connector.getIdleTimeout();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
    }

    public HttpRequest.Builder post(String body) {
        return HttpRequest.newBuilder(uri())
                .timeout(HttpHarness.PATIENCE)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** A GET of {@code sessionId}'s event stream in {@code protocolVersion}; no timeout, since the stream stays open. */
    public HttpRequest getStream(String sessionId, String protocolVersion) {
        return HttpRequest.newBuilder(uri())
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", sessionId)
                .header("MCP-Protocol-Version", protocolVersion)
                .GET()
                .build();
    }

    /** A DELETE of {@code sessionId}: the client ends its session. */
    public HttpRequest delete(String sessionId, String protocolVersion) {
        return HttpRequest.newBuilder(uri())
                .timeout(HttpHarness.PATIENCE)
                .header("Mcp-Session-Id", sessionId)
                .header("MCP-Protocol-Version", protocolVersion)
                .DELETE()
                .build();
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
