package dev.bulwark.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a server that can stop passing on what clients send after a given number of
 * further writes ({@link #stallAfter}): the client's request then goes unanswered, as behind a network that dropped
 * it, while what came before was answered. For tests that break the second round trip of an operation.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Client writes still passed on; negative: all of them. */
    private final AtomicInteger passing = new AtomicInteger(-1);

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

    /** Passes on the clients' next {@code writes} writes, then none. */
    void stallAfter(int writes) {
        passing.set(writes);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
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
                            if (fromClient && passing.getAndUpdate(left -> left > 0 ? left - 1 : left) == 0) {
                                continue; // stalled: dropped on the floor
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
