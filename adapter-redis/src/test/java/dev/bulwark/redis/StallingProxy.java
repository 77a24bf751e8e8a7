package dev.bulwark.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a server that can stop passing on what clients send once they have sent a given
 * command ({@link #stallAfterCommand}): the client's next request then goes unanswered, as behind a network that
 * dropped it, while what came before was answered. For tests that break the second round trip of an operation.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** The command after which nothing more is passed on; {@code null}: pass everything. */
    private volatile String lastCommand;

    private volatile boolean stalled;

    /** How many of the next connections to close as soon as they are accepted. */
    private final java.util.concurrent.atomic.AtomicInteger toDrop = new java.util.concurrent.atomic.AtomicInteger();

    /** How many connections were closed as soon as they were accepted. */
    private final java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();

    StallingProxy(int target) {
        this.target = target;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "stalling-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * Passes on what clients send up to and including the read that holds {@code command} (as RESP sends it: its
     * name, in capitals), then nothing. Counting reads would not do: one write may arrive in several.
     */
    void stallAfterCommand(String command) {
        lastCommand = "\r\n" + command + "\r\n";
    }

    /** Closes the next {@code count} connections as soon as they are accepted, as a server that went away would. */
    void dropConnections(int count) {
        toDrop.set(count);
    }

    /** How many connections {@link #dropConnections} has closed so far. */
    int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (toDrop.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    client.close();
                    dropped.incrementAndGet();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                pump(client.getInputStream(), server.getOutputStream(), true);
                pump(server.getInputStream(), client.getOutputStream(), false);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(InputStream from, OutputStream to, boolean fromClient) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try {
                        int read;
                        while ((read = from.read(buffer)) >= 0) {
                            if (fromClient && stalled) {
                                continue; // stalled: dropped on the floor
                            }
                            String last = lastCommand;
                            if (fromClient
                                    && last != null
                                    && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains(last)) {
                                stalled = true; // this read goes through; later ones do not
                            }
                            to.write(buffer, 0, read);
                            to.flush();
                        }
                    } catch (IOException closed) {
                        // one side went away
                    }
                },
                "stalling-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
