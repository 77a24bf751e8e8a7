package dev.bulwark.loadtest;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds open event streams on one thread: reads and discards what the server sends on each (its keep-alive
 * comments), and counts the streams still open and those the server ended. Thread-safe.
 */
final class StreamDrain implements Closeable {

    private final Selector selector;
    private final ConcurrentLinkedQueue<SocketChannel> added = new ConcurrentLinkedQueue<>();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    StreamDrain() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, "stream-drain");
        thread.setDaemon(true);
        thread.start();
    }

    /** Takes over {@code channel}, whose answer's head has been read. */
    void hold(SocketChannel channel) {
        open.incrementAndGet();
        added.add(channel);
        selector.wakeup();
    }

    long open() {
        return open.get();
    }

    /** Streams the server ended (or that failed) since they were held. */
    long ended() {
        return ended.get();
    }

    long bytesRead() {
        return bytes.get();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (!closing) {
                selector.select(1_000);
                for (SocketChannel channel = added.poll(); channel != null; channel = added.poll()) {
                    try {
                        channel.configureBlocking(false);
                        channel.register(selector, SelectionKey.OP_READ);
                    } catch (IOException e) {
                        lost(channel);
                    }
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    SocketChannel channel = (SocketChannel) key.channel();
                    try {
                        int read;
                        while ((read = channel.read(buffer.clear())) > 0) {
                            bytes.addAndGet(read);
                        }
                        if (read < 0) {
                            key.cancel();
                            lost(channel);
                        }
                    } catch (IOException e) {
                        key.cancel();
                        lost(channel);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                System.err.println("scale: the stream drain stopped: " + e);
            }
        }
    }

    private void lost(SocketChannel channel) {
        open.decrementAndGet();
        ended.incrementAndGet();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closing = true;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
