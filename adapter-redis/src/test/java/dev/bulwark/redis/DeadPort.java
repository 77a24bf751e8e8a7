package dev.bulwark.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port where nothing listens, for as long as it is held: a socket is bound to it without listening, so a
 * connection to it is refused, and no other process can take it meanwhile. A port found free and let go (a server
 * socket opened and closed) can be taken by any process on a busy machine, and then it answers. Close it when done,
 * or just before starting a server on it. Shipped in this module's test-jar for the other modules' tests.
 */
public final class DeadPort implements AutoCloseable {

    private final Socket held = new Socket();

    /** Reserves a free loopback port. */
    public DeadPort() {
        try {
            held.setReuseAddress(false);
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("no loopback port to hold", e);
        }
    }

    /** The port. */
    public int port() {
        return held.getLocalPort();
    }

    @Override
    public void close() {
        try {
            held.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
