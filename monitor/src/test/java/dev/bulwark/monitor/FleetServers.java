package dev.bulwark.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.serve.BulwarkHttp;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The servers the monitor's tests watch: a real Bulwark over HTTP (open or behind an API key), refusing servers, a
 * dead port.
 */
final class FleetServers {

    /** The API key of {@link #securedBulwark()}. */
    static final String API_KEY = ApiKeys.newKey();

    private FleetServers() {}

    record NoInput() {}

    record Pong(String status) {}

    /**
     * A Bulwark with {@code ping} (answers), {@code broken} (fails), {@code sick} and {@code limping} (answer a
     * structured {@code status} of {@code unhealthy} and {@code degraded}) and {@code scarce} (one call an hour),
     * served over HTTP on free ports.
     */
    static Running bulwark() {
        Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .tool(ping())
                .tool(broken())
                .tool(reporting("sick", "unhealthy"))
                .tool(reporting("limping", "degraded"))
                .tool(scarce())
                .build();
        BulwarkHttp http =
                BulwarkHttp.builder(bulwark).port(0).managementPort(0).start();
        return new Running(URI.create("http://127.0.0.1:" + http.port() + "/mcp"), () -> {
            http.close();
            bulwark.close();
        });
    }

    /** A Bulwark with {@code ping}, served over HTTP without sessions; its meters are in {@code registry}. */
    static Running statelessBulwark(MeterRegistry registry) {
        Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(registry)
                .tool(ping())
                .build();
        BulwarkHttp http = BulwarkHttp.builder(bulwark)
                .port(0)
                .managementPort(0)
                .mode(HttpMode.STATELESS)
                .start();
        return new Running(URI.create("http://127.0.0.1:" + http.port() + "/mcp"), () -> {
            http.close();
            bulwark.close();
        });
    }

    /** The same Bulwark, requiring the API key {@link #API_KEY} in {@code X-API-Key} or as a bearer token. */
    static Running securedBulwark() {
        Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).tool(ping()).build();
        BulwarkHttp http = BulwarkHttp.builder(bulwark)
                .port(0)
                .managementPort(0)
                .auth(AuthSettings.builder().mode(AuthSettings.Mode.REQUIRED).build())
                .apiKeys(new ApiKeys(List.of(new ApiKey("monitor", Set.of("*"), ApiKeys.hashOf(API_KEY)))))
                .start();
        return new Running(URI.create("http://127.0.0.1:" + http.port() + "/mcp"), () -> {
            http.close();
            bulwark.close();
        });
    }

    /** A plain HTTP server that answers every request with {@code status} and a short text body. */
    static Running refusing(int status) {
        return onJetty(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.write(true, java.nio.ByteBuffer.wrap("no\n".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
    }

    /** {@code handler} served on a free loopback port. */
    private static Running onJetty(Handler handler) {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(handler);
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Running(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp"), () -> {
            try {
                jetty.stop();
            } catch (Exception e) {
                // test teardown
            }
        });
    }

    /**
     * A minimal MCP server over plain JSON answers, listing the tool {@code probe}, whose every call it answers with
     * the JSON-RPC error {@code -32603}: a listed probe whose call the server refuses.
     */
    static Running refusingItsProbe() {
        return fakeMcp(false, new java.util.concurrent.atomic.AtomicInteger(), new CountDownLatch(1));
    }

    /**
     * A minimal MCP server as {@link #refusingItsProbe}, but one that starts a session ({@code Mcp-Session-Id}) and
     * never answers a call of its probe; it counts the DELETEs that end the session in {@code deletes}, and counts
     * {@code probed} down when the probe's call arrives.
     */
    static Running hangingOnItsProbe(java.util.concurrent.atomic.AtomicInteger deletes, CountDownLatch probed) {
        return fakeMcp(true, deletes, probed);
    }

    private static Running fakeMcp(
            boolean hang, java.util.concurrent.atomic.AtomicInteger deletes, CountDownLatch probed) {
        ObjectMapper json = new ObjectMapper();
        return onJetty(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if ("DELETE".equals(request.getMethod())) {
                    deletes.incrementAndGet();
                    response.setStatus(200);
                    callback.succeeded();
                    return true;
                }
                if (!"POST".equals(request.getMethod())) {
                    response.setStatus(405);
                    callback.succeeded();
                    return true;
                }
                JsonNode message = json.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
                if (!message.has("id")) {
                    response.setStatus(202);
                    callback.succeeded();
                    return true;
                }
                String method = message.path("method").asText();
                if (hang && "tools/call".equals(method)) {
                    probed.countDown();
                    return true; // never answered: the exchange stays open until the client gives up
                }
                if (hang) {
                    response.getHeaders().put("Mcp-Session-Id", "session-1");
                }
                String result = switch (method) {
                    case "initialize" ->
                        "\"result\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":"
                                + "{\"tools\":{}},\"serverInfo\":{\"name\":\"fake\",\"version\":\"1\"}}";
                    case "tools/list" ->
                        "\"result\":{\"tools\":[{\"name\":\"probe\",\"inputSchema\":" + "{\"type\":\"object\"}}]}";
                    default -> "\"error\":{\"code\":-32603,\"message\":\"the probe's own failure\"}";
                };
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(
                        true,
                        java.nio.ByteBuffer.wrap(
                                ("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + "," + result + "}")
                                        .getBytes(StandardCharsets.UTF_8)),
                        callback);
                return true;
            }
        });
    }

    /**
     * A URL on a loopback port that refuses connections for as long as it runs: a socket holds the port, bound but
     * never listening, so no other process can take it meanwhile.
     */
    static Running deadPort() {
        Socket holder = new Socket();
        try {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            closeQuietly(holder);
            throw new UncheckedIOException(e);
        }
        return new Running(
                URI.create("http://127.0.0.1:" + holder.getLocalPort() + "/mcp"), () -> closeQuietly(holder));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // test teardown
        }
    }

    private static Tool<NoInput, Pong> ping() {
        return Tool.builder("ping", NoInput.class, Pong.class)
                .description("Answers pong")
                .handler((input, context) -> ToolResult.of(new Pong("pong")))
                .build();
    }

    private static Tool<NoInput, Pong> reporting(String name, String status) {
        return Tool.builder(name, NoInput.class, Pong.class)
                .description("Reports the status " + status)
                .handler((input, context) -> ToolResult.of(new Pong(status)))
                .build();
    }

    private static Tool<NoInput, Pong> scarce() {
        return Tool.builder("scarce", NoInput.class, Pong.class)
                .description("Answers pong once an hour")
                .rateLimit(1, Duration.ofHours(1))
                .handler((input, context) -> ToolResult.of(new Pong("pong")))
                .build();
    }

    private static Tool<NoInput, Pong> broken() {
        return Tool.builder("broken", NoInput.class, Pong.class)
                .description("Always fails")
                .handler((input, context) -> {
                    throw new ToolException("broken on purpose");
                })
                .build();
    }

    /** A running server and how to stop it. */
    record Running(URI url, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }
}
