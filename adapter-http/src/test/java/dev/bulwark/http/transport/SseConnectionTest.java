package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.json.JsonBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** An event stream's response on a real Jetty server, read by a raw socket that reads only when told. */
class SseConnectionTest {

    private static final int BIG = 32 << 20; // more than the loopback socket buffers hold

    @Test
    void aLastWriteReturnsBeforeTheClientReadsItAndTheWholeAnswerStillArrives() throws Exception {
        byte[] frames = new byte[BIG];
        Arrays.fill(frames, (byte) 'x');
        CountDownLatch returned = new CountDownLatch(1);
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                new SseConnection(response, callback).write(frames, true);
                returned.countDown();
                return true;
            }
        };
        try (HandlerServer server = new HandlerServer(handler);
                Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.getOutputStream()
                    .write("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(returned.await(30, TimeUnit.SECONDS))
                    .as("the write returned, nothing read yet")
                    .isTrue();
            InputStream in = socket.getInputStream();
            String head = head(in);
            assertThat(head)
                    .startsWith("HTTP/1.1 200")
                    .containsIgnoringCase("Content-Type: text/event-stream")
                    .containsIgnoringCase("Content-Length: " + BIG);
            assertThat(in.readNBytes(BIG)).hasSize(BIG);
        }
    }

    @Test
    void writesToAClientThatStoppedReadingNeverWaitAndFailOnceAMebibyteIsLeftUnread() throws Exception {
        byte[] frame = new byte[64 << 10];
        Arrays.fill(frame, (byte) 'x');
        CompletableFuture<IOException> failed = new CompletableFuture<>();
        AtomicLong unwrittenAtFailure = new AtomicLong();
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                SseConnection connection = new SseConnection(response, callback);
                try {
                    for (int i = 0; i < 100_000; i++) { // 6 GiB: far more than any socket buffer
                        connection.write(frame, false);
                    }
                    failed.complete(null);
                } catch (IOException e) {
                    unwrittenAtFailure.set(connection.unwritten());
                    failed.complete(e);
                }
                return true;
            }
        };
        try (HandlerServer server = new HandlerServer(handler);
                Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.getOutputStream()
                    .write("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            // a write that waited for the client would hold the handler until the idle timeout (30 s)
            assertThat(failed.get(30, TimeUnit.SECONDS))
                    .as("the write that went over the limit")
                    .hasMessageContaining("unread");
            assertThat(unwrittenAtFailure.get()).isLessThanOrEqualTo(SseConnection.MAX_UNWRITTEN_BYTES);
        }
    }

    @Test
    void aConnectionWhoseIdleTimeoutTheKeepAliveTookIsEndedByItsCheckOnceIdleThatLong() throws Exception {
        CompletableFuture<SseConnection> opened = new CompletableFuture<>();
        CompletableFuture<EndPoint> endPoint = new CompletableFuture<>();
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                SseConnection connection = new SseConnection(response, callback);
                connection.idleCheckedByKeepAlive(request);
                request.addFailureListener(failure -> connection.end()); // as a session's GET stream does
                connection.write(":\n\n", false);
                endPoint.complete(
                        request.getConnectionMetaData().getConnection().getEndPoint());
                opened.complete(connection);
                return true;
            }
        };
        try (HandlerServer server = new HandlerServer(handler, Duration.ofMillis(200));
                Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.getOutputStream()
                    .write("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(head(in)).startsWith("HTTP/1.1 200");
            SseConnection connection = opened.get(30, TimeUnit.SECONDS);
            assertThat(endPoint.get().getIdleTimeout())
                    .as("Jetty checks nothing: no task on its scheduler")
                    .isZero();

            // the keep-alive's check: true while the connection was idle less than its timeout, then false
            await().atMost(Duration.ofSeconds(30)).until(() -> !connection.idleCheck());

            assertThat(endPoint.get().getIdleTimeout())
                    .as("given back to Jetty, which expires it")
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> ended(in));
        }
    }

    @Test
    void framesQueuedWhileOneIsBeingWrittenAllArriveInOrder() throws Exception {
        int count = 2_000;
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                SseConnection connection = new SseConnection(response, callback);
                for (int i = 0; i < count; i++) {
                    connection.write("data: " + i + "\n\n", false);
                }
                connection.end();
                return true;
            }
        };
        try (HandlerServer server = new HandlerServer(handler)) {
            String body = server.send(java.net.http.HttpRequest.newBuilder(server.uri())
                            .GET()
                            .build())
                    .body();

            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < count; i++) {
                expected.append("data: ").append(i).append("\n\n");
            }
            assertThat(body).isEqualTo(expected.toString());
        }
    }

    @Test
    void aConnectionThatEndedRefusesMoreWrites() throws Exception {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                SseConnection connection = new SseConnection(response, callback);
                connection.write("data: last\n\n", true);
                try {
                    connection.write("data: after\n\n", false);
                    refused.complete(null);
                } catch (IOException e) {
                    refused.complete(e);
                }
                return true;
            }
        };
        try (HandlerServer server = new HandlerServer(handler)) {
            String body = server.send(java.net.http.HttpRequest.newBuilder(server.uri())
                            .GET()
                            .build())
                    .body();

            assertThat(body).isEqualTo("data: last\n\n");
            assertThat(refused.get(30, TimeUnit.SECONDS)).hasMessageContaining("has ended");
        }
    }

    /** Many small chunks and a few large ones, as a tool list or a large result is held: each byte tells its place. */
    private static JsonBytes chunked() {
        JsonBytes.Builder builder = JsonBytes.builder();
        byte[] small = "{\"name\":\"a_tool\"},".getBytes(StandardCharsets.US_ASCII);
        JsonBytes shared = JsonBytes.of(small);
        for (int i = 0; i < 500; i++) {
            builder.append(shared).ascii(Integer.toString(i));
        }
        byte[] large = new byte[3 << 20];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) ('a' + i % 26);
        }
        builder.write(large, 0, large.length);
        return builder.ascii("\n\n").build();
    }

    @Test
    void aLastWriteInChunksAloneLeavesWholeWithItsContentLength() throws Exception {
        JsonBytes frames = chunked();
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                new SseConnection(response, callback).write(frames, true);
                return true;
            }
        };
        try (HandlerServer server = new HandlerServer(handler);
                Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.getOutputStream()
                    .write("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();

            assertThat(head(in)).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Length: " + frames.length());
            assertThat(in.readNBytes(Math.toIntExact(frames.length()))).isEqualTo(frames.toByteArray());
        }
    }

    @Test
    void framesInChunksQueuedBehindOthersArriveWholeAndInOrder() throws Exception {
        JsonBytes frames = chunked();
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                SseConnection connection = new SseConnection(response, callback);
                connection.write("data: first\n\n", false);
                connection.write(frames, false);
                connection.write(frames, true);
                return true;
            }
        };
        try (HandlerServer server = new HandlerServer(handler)) {
            String body = server.send(java.net.http.HttpRequest.newBuilder(server.uri())
                            .GET()
                            .build())
                    .body();

            assertThat(body).isEqualTo("data: first\n\n" + frames + frames);
        }
    }

    /** Reads on: whether the server ended the connection (true), or sent a byte (false). */
    private static boolean ended(InputStream in) {
        try {
            return in.read() < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String head(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
