package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.server.McpSyncServer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session server that stops hearing a catalogue's changes when it closes, so a closed server is neither kept alive
 * nor changed by a catalogue that outlives it. Thread-safe.
 */
final class ListeningSyncServer extends McpSyncServer {

    private static final Logger LOG = LoggerFactory.getLogger(ListeningSyncServer.class);

    private final AutoCloseable listening;
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * @param built the server as the SDK built it
     * @param immediate whether it runs requests on the thread that hands them over, as it was built
     * @param listening the handle of its listening, closed once when the server closes
     */
    ListeningSyncServer(McpSyncServer built, boolean immediate, AutoCloseable listening) {
        super(built.getAsyncServer(), immediate);
        this.listening = listening;
    }

    @Override
    public void closeGracefully() {
        try {
            super.closeGracefully();
        } finally {
            stopListening();
        }
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            stopListening();
        }
    }

    private void stopListening() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            listening.close();
        } catch (Exception e) {
            LOG.debug("A closed server's listening could not be stopped: {}", e.toString());
        }
    }
}
