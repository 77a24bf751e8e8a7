package dev.bulwark.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.calls.RunsRequestsOnItsOwnThreads;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SDK server on a {@link StdioTransportProvider} whose stdin and stdout are in-memory pipes; the test plays
 * the client. Every wait is bounded.
 */
final class StdioHarness implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** How long the server waits for the client to answer its own requests: far beyond any wait of a test. */
    static final Duration CLIENT_REQUEST_TIMEOUT = Duration.ofMinutes(5);

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    static String toolsList(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}";
    }

    static String toolsCall(int id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}}}";
    }

    private final ObjectMapper objectMapper = new ObjectMapper();
    private final OutputStream clientOut;
    private final OutputStream serverOut;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> allLines = new ArrayList<>();
    private final Thread collector;
    /** While held, the collector reads no further line of stdout: the client has stopped reading. */
    private volatile CountDownLatch stdoutHold = new CountDownLatch(0);

    final StdioTransportProvider provider;
    final McpSyncServer server;

    StdioHarness(int maxLineBytes, SyncToolSpecification... tools) {
        this(maxLineBytes, null, tools);
    }

    /** @param jsonMapper the transport's mapper; {@code null} for a plain Jackson one */
    StdioHarness(int maxLineBytes, McpJsonMapper jsonMapper, SyncToolSpecification... tools) {
        this(maxLineBytes, jsonMapper, InboundDispatcher.DEFAULT_DRAIN_TIMEOUT, tools);
    }

    /** @param drainTimeout how long the session's end waits for the requests in flight */
    StdioHarness(int maxLineBytes, McpJsonMapper jsonMapper, Duration drainTimeout, SyncToolSpecification... tools) {
        this(
                maxLineBytes,
                jsonMapper,
                drainTimeout,
                InFlightLimit.maxHeldBytes(Runtime.getRuntime().maxMemory(), maxLineBytes),
                tools);
    }

    /** @param maxHeldBytes the bytes of lines the requests running and waiting may take together */
    StdioHarness(
            int maxLineBytes,
            McpJsonMapper jsonMapper,
            Duration drainTimeout,
            long maxHeldBytes,
            SyncToolSpecification... tools) {
        try {
            Pipe toServer = Pipe.open();
            Pipe fromServer = Pipe.open();
            clientOut = Channels.newOutputStream(toServer.sink());
            serverOut = Channels.newOutputStream(fromServer.sink());
            BufferedReader clientIn = new BufferedReader(
                    new InputStreamReader(Channels.newInputStream(fromServer.source()), StandardCharsets.UTF_8));
            collector = new Thread(() -> collect(clientIn), "test-stdout-collector");
            collector.setDaemon(true);
            collector.start();
            provider = new StdioTransportProvider(
                    jsonMapper != null ? jsonMapper : new JacksonMcpJsonMapper(objectMapper),
                    Channels.newInputStream(toServer.source()),
                    serverOut,
                    maxLineBytes,
                    drainTimeout,
                    maxHeldBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // As Bulwark's server does: handlers run on the transport's request threads, with no hop to Reactor's pool
        server = McpServer.sync(provider)
                .serverInfo("t", "1")
                .requestTimeout(CLIENT_REQUEST_TIMEOUT)
                .tools(tools)
                .immediateExecution(provider instanceof RunsRequestsOnItsOwnThreads)
                .build();
    }

    private void collect(BufferedReader clientIn) {
        try {
            String line;
            while (awaitStdoutRelease() && (line = clientIn.readLine()) != null) {
                synchronized (allLines) {
                    allLines.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the pipe was closed under us: the test is over
        }
    }

    private boolean awaitStdoutRelease() {
        try {
            stdoutHold.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The client stops reading stdout (after at most the line it is reading now). */
    void holdStdout() {
        stdoutHold = new CountDownLatch(1);
    }

    /** The client reads stdout again. */
    void releaseStdout() {
        stdoutHold.countDown();
    }

    /** Writes one line (a terminator is added) to the server's stdin. */
    void send(String line) {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) {
        try {
            clientOut.write(bytes);
            clientOut.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the server's stdin: end of input. */
    void endInput() {
        try {
            clientOut.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void initialize() {
        send(INITIALIZE);
        assertThat(next().path("id").asInt()).isEqualTo(1);
        send(INITIALIZED);
    }

    /** The next line the server wrote, parsed; fails if none arrives in time. */
    JsonNode next() {
        String line;
        try {
            line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        assertThat(line).as("a line on stdout within %s", WAIT).isNotNull();
        try {
            return objectMapper.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("stdout carried a line that is not JSON: " + line, e);
        }
    }

    /** Nothing further arrives on stdout within the given time. */
    void assertNothingMoreWithin(Duration quiet) throws InterruptedException {
        assertThat(lines.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }

    /** Closes the server's stdout and returns every line it carried, once the collector has read them all. */
    List<String> closeStdoutAndCollectAll() throws IOException, InterruptedException {
        serverOut.close();
        collector.join(WAIT.toMillis());
        assertThat(collector.isAlive()).as("collector finished").isFalse();
        synchronized (allLines) {
            return List.copyOf(allLines);
        }
    }

    /**
     * Ends the session gracefully on a thread of its own, as a signal handler would, and returns at once. Not on the
     * common pool: on a 2-core machine it has one thread, which another test's graceful close (waiting up to the
     * drain timeout for requests that hang) can hold.
     */
    void closeGracefullyInBackground() {
        Thread closing = new Thread(
                () -> provider.closeGracefully().block(java.time.Duration.ofSeconds(30)), "stdio-harness-close");
        closing.setDaemon(true);
        closing.start();
    }

    @Override
    public void close() throws IOException {
        releaseStdout();
        try {
            provider.closeGracefully().block(WAIT);
        } finally {
            clientOut.close();
            serverOut.close();
        }
    }
}
