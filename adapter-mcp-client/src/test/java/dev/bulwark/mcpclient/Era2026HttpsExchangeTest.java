package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2026 exchange with an {@code https} upstream: each request is sent and read in one task on a reader, and a cancel
 * frees that reader and closes the connection. The certificate is made for the test with the JDK's {@code keytool}.
 */
class Era2026HttpsExchangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    /** The readers, counting the tasks handed to them. */
    private final AtomicInteger tasks = new AtomicInteger();

    private final ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newCachedThreadPool();
    private final ExecutorService readers = new java.util.concurrent.AbstractExecutorService() {
        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            pool.execute(task);
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    };

    /** Counted down when a hanging answer's stream has begun. */
    private final CountDownLatch hangingBegun = new CountDownLatch(1);
    /** Counted down when a hanging answer's connection is closed under it. */
    private final CountDownLatch hangingClosed = new CountDownLatch(1);
    /** Ends the hanging answers. */
    private final CountDownLatch released = new CountDownLatch(1);
    /** Counted down when the late call has reached the server, which answers it once {@link #answerLate} is. */
    private final CountDownLatch lateReceived = new CountDownLatch(1);

    private final CountDownLatch answerLate = new CountDownLatch(1);

    private HttpsServer server;
    private Era2026HttpExchange exchange;

    @BeforeEach
    void serve() throws Exception {
        KeyStore keys = selfSigned();
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/mcp", this::answer);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("upstream", keys.getCertificate("server"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trustManagers.getTrustManagers(), null);
        exchange = new Era2026HttpExchange(
                "up",
                URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/mcp"),
                Optional.empty(),
                1024 * 1024,
                JSON,
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                readers,
                // the client's own work on its default executor: the readers count only the exchange's tasks
                given -> HttpClient.newBuilder().sslContext(clientTls).build());
    }

    @AfterEach
    void stop() {
        released.countDown();
        answerLate.countDown();
        if (exchange != null) {
            exchange.close();
        }
        server.stop(0);
    }

    @Test
    void eachRequestIsSentAndReadInOneTaskOnAReader() {
        for (long id = 1; id <= 3; id++) {
            JsonNode answer = exchange.send(id, request(id, "echo"), Map.of(), notification -> {})
                    .join();
            assertThat(answer.path("result").path("echoed").asText()).isEqualTo("echo");
        }

        assertThat(tasks).as("tasks handed to the readers for three requests").hasValue(3);
    }

    @Test
    void aCancelledCallEndsItsReadAndClosesItsConnection() {
        CompletableFuture<JsonNode> call = exchange.send(1, request(1, "hang"), Map.of(), notification -> {});
        await().until(() -> hangingBegun.getCount() == 0);

        call.cancel(true);

        await().untilAsserted(() ->
                assertThat(pool.getActiveCount()).as("readers still reading").isZero());
        await().until(() -> hangingClosed.getCount() == 0);
    }

    @Test
    void aCallCancelledBeforeItsAnswerBeginsClosesItsConnectionOnceItDoes() {
        CompletableFuture<JsonNode> call = exchange.send(1, request(1, "late"), Map.of(), notification -> {});
        await().until(() -> lateReceived.getCount() == 0);

        call.cancel(true);

        await().untilAsserted(() ->
                assertThat(pool.getActiveCount()).as("readers still waiting").isZero());
        answerLate.countDown();
        await().until(() -> hangingClosed.getCount() == 0);
    }

    private static ObjectNode request(long id, String tool) {
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id);
        message.put("method", "tools/call").putObject("params").put("name", tool);
        return message;
    }

    /** Echoes a tool's name as its result. */
    private void answer(HttpExchange http) throws IOException {
        JsonNode request;
        try (InputStream body = http.getRequestBody()) {
            request = JSON.readTree(body);
        }
        String tool = request.path("params").path("name").asText();
        if (tool.equals("late")) {
            lateReceived.countDown();
            try {
                answerLate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (tool.equals("hang") || tool.equals("late")) {
            hang(http);
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", request.get("id"));
        answer.putObject("result").put("echoed", tool);
        byte[] bytes = JSON.writeValueAsBytes(answer);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Begins an event stream and sends nothing but comments; a write fails once the client has closed the connection. */
    private void hang(HttpExchange http) throws IOException {
        http.getResponseHeaders().set("Content-Type", "text/event-stream");
        http.sendResponseHeaders(200, 0);
        OutputStream out = http.getResponseBody();
        try {
            while (released.getCount() > 0) {
                out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                hangingBegun.countDown();
                released.await(20, TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            hangingClosed.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A self-signed certificate for 127.0.0.1 and its key, made by {@code keytool}. */
    private KeyStore selfSigned() throws Exception {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(PASSWORD),
                        "-keypass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0)
                .as("keytool: %s", output)
                .isTrue();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }
}
