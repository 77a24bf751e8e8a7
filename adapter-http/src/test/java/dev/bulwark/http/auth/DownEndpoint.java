package dev.bulwark.http.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * An HTTP endpoint that is down: a port of 127.0.0.1 the test holds, whose every connection is reset at once, before
 * a byte. A port closed instead could be taken by another process while the test still points at it.
 */
final class DownEndpoint implements AutoCloseable {

    private final ServerSocket socket;

    DownEndpoint() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread resetter = new Thread(this::resetEveryConnection, "down-endpoint");
        resetter.setDaemon(true);
        resetter.start();
    }

    /** The URL of {@code path} on this endpoint. */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    private void resetEveryConnection() {
        while (true) {
            try (Socket connection = socket.accept()) {
                connection.setSoLinger(true, 0);
            } catch (IOException closed) {
                return; // the test is over
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort: the test is over
        }
    }
}
