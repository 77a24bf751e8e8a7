package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
            socket.getOutputStream().write("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(returned.await(10, TimeUnit.SECONDS)).as("the write returned, nothing read yet").isTrue();
            InputStream in = socket.getInputStream();
            String head = head(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Type: text/event-stream")
                    .containsIgnoringCase("Content-Length: " + BIG);
            assertThat(in.readNBytes(BIG)).hasSize(BIG);
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
