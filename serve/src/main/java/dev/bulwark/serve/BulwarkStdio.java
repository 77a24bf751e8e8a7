package dev.bulwark.serve;

import dev.bulwark.core.Bulwark;
import dev.bulwark.stdio.StdioTransportProvider;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Serves a {@link Bulwark} server over stdio, as the local operator.
 */
public final class BulwarkStdio implements AutoCloseable {

    /** The exit status of a session that ended because the client closed its input. */
    public static final int EXIT_OK = 0;

    private static final Duration DRAIN_MARGIN = Duration.ofSeconds(5);
    /** The longest a session's end waits for its calls. */
    static final Duration MAX_DRAIN = Duration.ofSeconds(40);

    private final StdioTransportProvider transport;
    private final McpSyncServer server;

    private BulwarkStdio(StdioTransportProvider transport, McpSyncServer server) {
        this.transport = transport;
        this.server = server;
    }

    /**
     * Serves on this process's stdin and stdout until the client closes stdin, and returns the exit status. Stdout
     * carries protocol messages only: while serving, {@code System.out} writes to stderr, so a stray print cannot
     * corrupt the stream.
     */
    public static int serve(Bulwark bulwark) {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        try (BulwarkStdio stdio = start(bulwark, System.in, protocol)) {
            stdio.awaitClientClose();
            return EXIT_OK;
        } finally {
            System.setOut(protocol);
        }
    }

    /** Starts serving one session on {@code in} and {@code out}; returns at once. */
    public static BulwarkStdio start(Bulwark bulwark, InputStream in, OutputStream out) {
        Objects.requireNonNull(bulwark, "bulwark");
        LoggingBackend.noticeIfMissing();
        WireLogGuard.install();
        int maxLineBytes =
                (int) Math.min(Integer.MAX_VALUE, bulwark.config().limits().maxRequestBytes());
        StdioTransportProvider transport = new StdioTransportProvider(
                bulwark.jsonMapper(),
                Objects.requireNonNull(in, "in"),
                Objects.requireNonNull(out, "out"),
                maxLineBytes,
                drainTimeout(bulwark.config().limits().toolTimeout()));
        return new BulwarkStdio(transport, bulwark.serve(transport, bulwark.localOperator()));
    }

    /**
     * How long the end of a session waits for the calls in flight: the tool timeout and 5 s more, so that a call
     * running when the client closes stdin gets its answer, a timeout's included; at most {@link #MAX_DRAIN}, within
     * the 45 s the server jar gives a stop before it halts. A tool that declares a longer timeout may be cut.
     */
    static Duration drainTimeout(Duration toolTimeout) {
        Duration drain = toolTimeout.plus(DRAIN_MARGIN);
        return drain.compareTo(MAX_DRAIN) > 0 ? MAX_DRAIN : drain;
    }

    /** Blocks until the session has ended: the client closed its input, or {@link #stop()} was called. */
    public void awaitClientClose() {
        transport.terminated().join();
    }

    /** Ends the session as if the client had closed its input: calls in flight still complete and are answered. */
    public void stop() {
        transport.closeGracefully().subscribe();
    }

    /** Closes the MCP server; the {@link Bulwark} it served stays open. */
    @Override
    public void close() {
        server.close();
    }
}
