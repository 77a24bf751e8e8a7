package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.NotificationStream;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way an MCP connection can end gives back what it took: after it, {@code mcp_active_connections} and the
 * client address's share of the connections come back to what they were, on every path (2025-11-25 and 2026-07-28,
 * stateful and stateless, POST answers, GET streams, subscription streams). Each case opens its connection over a
 * plain socket to a real server, ends it one way while it is being served, and waits (a generous deadline, no time
 * bound) for the counts to go back to zero; the harness's idle timeout is short, so a connection whose client keeps
 * it open after the end (a keep-alive connection) is closed by the server too.
 */
class ConnectionAccountingTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    /** What the connection carries while it ends. */
    enum Path {
        /** A 2025-11-25 tool call in a session, answered on an event stream. */
        SESSION_POST(HttpMode.STATEFUL),
        /** The GET event stream of a 2025-11-25 session. */
        SESSION_GET(HttpMode.STATEFUL),
        /** A 2025-11-25 tool call without sessions, answered in JSON. */
        STATELESS_POST(HttpMode.STATELESS),
        /** A 2026-07-28 tool call on a server in stateful mode. */
        ERA_2026_POST_STATEFUL(HttpMode.STATEFUL),
        /** A 2026-07-28 tool call on a server in stateless mode. */
        ERA_2026_POST_STATELESS(HttpMode.STATELESS),
        /** A 2026-07-28 {@code subscriptions/listen} stream on a server in stateful mode. */
        LISTEN_STATEFUL(HttpMode.STATEFUL),
        /** A 2026-07-28 {@code subscriptions/listen} stream on a server in stateless mode. */
        LISTEN_STATELESS(HttpMode.STATELESS);

        final HttpMode mode;

        Path(HttpMode mode) {
            this.mode = mode;
        }

        boolean era2026() {
            return name().startsWith("ERA_2026") || name().startsWith("LISTEN");
        }

        boolean listen() {
            return name().startsWith("LISTEN");
        }
    }

    /** How the connection ends. */
    enum End {
        /** The client closes its socket (FIN). */
        CLIENT_CLOSE,
        /** The client resets its socket (RST). */
        CLIENT_RESET,
        /** The client keeps the socket and sends nothing: the server's idle timeout ends it. */
        IDLE_TIMEOUT,
        /** The server ends it: the answer is sent, the subscription ends with its result, the session is deleted. */
        SERVER_END,
        /** The server cancels what the connection waits for (a 2026-07-28 call given up), or its session. */
        SERVER_CANCEL,
        /** Serving fails on the server. */
        ERROR,
        /** The server shuts down. */
        SHUTDOWN
    }

    static Stream<Arguments> cases() {
        return EnumSet.allOf(Path.class).stream()
                .flatMap(path -> EnumSet.allOf(End.class).stream().map(end -> Arguments.of(path, end)));
    }

    @ParameterizedTest(name = "{0} ended by {1}")
    @MethodSource("cases")
    void aConnectionGivesBackWhatItTookHoweverItEnds(Path path, End end) throws Exception {
        assumeTrue(applies(path, end), "this path has no such end");
        FakeEra era = new FakeEra();
        HttpHarness harness = HttpHarness.withAsyncTool(
                path.mode,
                settings -> settings.toBuilder().idleTimeout(IDLE_TIMEOUT).build());
        try {
            harness.serveEra2026With(era);
            String sessionId = path.mode == HttpMode.STATEFUL && !path.era2026() ? harness.initialize() : null;
            Socket socket = new Socket("127.0.0.1", harness.server.port());
            socket.getOutputStream().write(request(harness, path, sessionId));
            socket.getOutputStream().flush();
            HttpHarness.eventually(
                    () -> assertThat(served(harness, era, path, socket).getAsBoolean())
                            .as("the request is being served")
                            .isTrue());
            assertThat(harness.server.connectionsPerAddress())
                    .as("the socket is counted under its address")
                    .containsKey("127.0.0.1");

            switch (end) {
                case CLIENT_CLOSE -> socket.close();
                case CLIENT_RESET -> {
                    socket.setSoLinger(true, 0);
                    socket.close();
                }
                case IDLE_TIMEOUT -> {} // the socket stays open and silent
                case SERVER_END -> serverEnds(harness, era, path, sessionId);
                case SERVER_CANCEL -> serverCancels(harness, era, path, sessionId);
                case ERROR -> serverFails(harness, era, path);
                case SHUTDOWN -> harness.server.stop();
            }
            if (callGoesOn(path, end)) {
                // a 2025-11-25 call goes on when its client leaves or goes silent (its answer is kept, or it outlives
                // the idle timeout), and holds its connection until it is answered: the answer then finds it gone; a
                // 2026-07-28 call outlives the idle timeout too, its deadline its own
                serverEnds(harness, era, path, sessionId);
            }

            awaitNothingCounted(harness);
            if (path.listen() && (end == End.CLIENT_CLOSE || end == End.CLIENT_RESET)) {
                // at the next keep-alive comment after the failed write
                HttpHarness.eventually(() -> assertThat(era.streamClosed)
                        .as("the subscription is closed: its place is given back")
                        .isTrue());
            }
            socket.close();
        } finally {
            harness.close();
        }
    }

    @Test
    void callsOfTheNewEraWhoseClientsLeftLeaveThePortOpenToTheNextClient() throws Exception {
        FakeEra era = new FakeEra();
        // the port holds two connections, and the default idle timeout (30 s) closes none of them during the test
        try (HttpHarness harness = HttpHarness.withAsyncTool(
                HttpMode.STATELESS,
                settings -> settings.toBuilder().maxConnections(2).build())) {
            harness.serveEra2026With(era);
            for (int i = 0; i < 2; i++) {
                CompletableFuture<Era2026Answer> previous = era.pending;
                try (Socket socket = new Socket("127.0.0.1", harness.server.port())) {
                    socket.getOutputStream().write(request(harness, Path.ERA_2026_POST_STATELESS, null));
                    socket.getOutputStream().flush();
                    HttpHarness.eventually(
                            () -> assertThat(era.pending).isNotSameAs(previous).isNotNull());
                } // the client leaves mid-call
            }

            HttpHarness.eventually(
                    Duration.ofSeconds(30),
                    () -> assertThat(harness.activeConnections()).isZero());
            assertThat(harness.post(HttpHarness.INITIALIZE, java.util.Map.of()).statusCode())
                    .as("a new client is served")
                    .isEqualTo(200);
        }
    }

    /** Whether the call of a 2025-11-25 POST still runs after the connection ended this way. */
    private static boolean callGoesOn(Path path, End end) {
        return (path == Path.SESSION_POST || path == Path.STATELESS_POST)
                        && (end == End.CLIENT_CLOSE || end == End.CLIENT_RESET || end == End.IDLE_TIMEOUT)
                || path.era2026() && !path.listen() && end == End.IDLE_TIMEOUT;
    }

    /** Ends that cannot happen on a path: a stream the server writes to on a timer is never idle. */
    private static boolean applies(Path path, End end) {
        if (end == End.IDLE_TIMEOUT) {
            // a subscription gets a comment every half idle timeout, a session's GET stream carries the server's pings
            return !path.listen() && path != Path.SESSION_GET;
        }
        if (end == End.SERVER_CANCEL) {
            return path != Path.STATELESS_POST; // nothing there for the server to cancel but the call's answer
        }
        if (end == End.ERROR) {
            // a stream serves nothing that can fail but its writes, which fail when the client has gone (above)
            return path != Path.SESSION_GET && !path.listen();
        }
        return true;
    }

    private static void awaitNothingCounted(HttpHarness harness) {
        HttpHarness.eventually(Duration.ofSeconds(30), () -> {
            assertThat(harness.activeConnections()).as("mcp_active_connections").isZero();
            assertThat(harness.server.connectionsPerAddress())
                    .as("connections counted per address")
                    .isEmpty();
        });
    }

    private static byte[] request(HttpHarness harness, Path path, String sessionId) {
        String host = "Host: 127.0.0.1:" + harness.server.port() + "\r\n";
        if (path == Path.SESSION_GET) {
            return ("GET /mcp HTTP/1.1\r\n" + host + "Accept: text/event-stream\r\nMcp-Session-Id: " + sessionId
                            + "\r\nMCP-Protocol-Version: 2025-11-25\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
        String body;
        String headers;
        if (path.listen()) {
            body = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{},"
                    + META + "}}";
            headers = "MCP-Protocol-Version: 2026-07-28\r\n";
        } else if (path.era2026()) {
            body = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"later\","
                    + "\"arguments\":{}," + META + "}}";
            headers = "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: later\r\n";
        } else {
            body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"later\","
                    + "\"arguments\":{}}}";
            headers = "MCP-Protocol-Version: 2025-11-25\r\n"
                    + (sessionId == null ? "" : "Mcp-Session-Id: " + sessionId + "\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // the head and the body in two writes, as most clients send them: the body is read ahead of the handler
        String head = "POST /mcp HTTP/1.1\r\n" + host + "Content-Type: application/json\r\nAccept: "
                + HttpHarness.ACCEPT_BOTH + "\r\n" + headers + "Content-Length: " + bytes.length + "\r\n\r\n";
        byte[] all = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, all, 0, head.length());
        System.arraycopy(bytes, 0, all, head.length(), bytes.length);
        return all;
    }

    private static BooleanSupplier served(HttpHarness harness, FakeEra era, Path path, Socket socket) {
        if (path.listen()) {
            return () -> era.sink != null;
        }
        if (path.era2026()) {
            return () -> era.pending != null;
        }
        if (path == Path.SESSION_GET) {
            return () -> startsWith(socket, "HTTP/1.1 200");
        }
        return () -> harness.laterCalled.getCount() == 0;
    }

    private static void serverEnds(HttpHarness harness, FakeEra era, Path path, String sessionId) {
        if (path.listen()) {
            era.ended.run();
        } else if (path.era2026()) {
            era.pending.complete(Era2026Answer.of(200, "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}"));
        } else if (path == Path.SESSION_GET) {
            assertThat(harness.delete(sessionId).statusCode()).isEqualTo(200);
        } else {
            harness.later.complete(McpSchema.CallToolResult.builder()
                    .content(java.util.List.of(
                            McpSchema.TextContent.builder("done").build()))
                    .build());
        }
    }

    private static void serverCancels(HttpHarness harness, FakeEra era, Path path, String sessionId) {
        if (path.listen()) {
            era.ended.run();
        } else if (path.era2026()) {
            era.pending.cancel(false);
        } else {
            assertThat(harness.delete(sessionId).statusCode()).isEqualTo(200);
        }
    }

    private static void serverFails(HttpHarness harness, FakeEra era, Path path) {
        if (path.era2026()) {
            era.pending.completeExceptionally(new IllegalStateException("the handler failed"));
        } else {
            harness.later.completeExceptionally(new IllegalStateException("the tool failed"));
        }
    }

    private static boolean startsWith(Socket socket, String prefix) {
        try {
            InputStream in = socket.getInputStream();
            if (in.available() < prefix.length()) {
                return false;
            }
            byte[] head = in.readNBytes(prefix.length());
            return new String(head, StandardCharsets.US_ASCII).equals(prefix);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The core's 2026-07-28 entry point, faked: a tool call is left for the test to answer ({@link #pending}); a
     * subscription is acknowledged and its stream handed to the test ({@link #sink}, {@link #ended}).
     */
    static final class FakeEra implements Era2026Requests {

        volatile CompletableFuture<Era2026Answer> pending;
        /** Where the notifications of the last call served go. */
        volatile Consumer<String> notifications;

        volatile Consumer<String> sink;
        volatile Runnable ended;
        final AtomicBoolean streamClosed = new AtomicBoolean();

        @Override
        public boolean claims(String method, Object params, String protocolVersionHeader) {
            return "2026-07-28".equals(protocolVersionHeader) || "subscriptions/listen".equals(method);
        }

        @Override
        public void serve(
                Era2026Request request, Consumer<String> notifications, CompletableFuture<Era2026Answer> answer) {
            if ("subscriptions/listen".equals(request.message().get("method"))) {
                answer.complete(new Era2026Answer(200, "{\"acknowledged\":true}", Optional.of(new NotificationStream() {
                    @Override
                    public void open(Consumer<String> target, Runnable end) {
                        ended = end;
                        sink = target;
                    }

                    @Override
                    public void close() {
                        streamClosed.set(true);
                    }
                })));
                return;
            }
            this.notifications = notifications;
            pending = answer;
        }
    }
}
