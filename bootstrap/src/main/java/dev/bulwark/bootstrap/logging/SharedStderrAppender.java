package dev.bulwark.bootstrap.logging;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import net.logstash.logback.encoder.StreamingEncoder;

/**
 * Writes log events to standard error through one buffer every instance shares, each line whole; a streaming
 * encoder's lines straight into it.
 *
 * @param <E> the event type
 */
public final class SharedStderrAppender<E> extends OutputStreamAppender<E> {

    private static final int BUFFER_BYTES = 64 * 1024;
    /**
     * One buffer for every instance, flushed by the asynchronous writer at the end of each batch: one {@code write}
     * system call per batch, where {@code System.err} flushes every line. Each event is written whole under
     * {@link #WHOLE_LINES}, so the diagnostic and audit streams never interleave.
     */
    private static final OutputStream STDERR =
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), BUFFER_BYTES);

    /**
     * Held by every instance while it writes a line, so a line a streaming encoder writes in several calls is not
     * split by another appender's; one lock for every shared stream, since a line is short.
     */
    private static final Object WHOLE_LINES = new Object();

    private final OutputStream shared;

    /** An appender on the process's standard error. */
    public SharedStderrAppender() {
        this(STDERR);
    }

    /** An appender on {@code shared}, which it never closes (for tests). */
    SharedStderrAppender(OutputStream shared) {
        this.shared = shared;
    }

    @Override
    public void start() {
        setOutputStream(new NeverClosed(shared));
        super.start();
    }

    /**
     * Has a {@link StreamingEncoder} write the line into the stream, without the array Logback's encoders return;
     * any other encoder's line is written as Logback writes it.
     */
    @Override
    protected void writeOut(E event) throws IOException {
        synchronized (WHOLE_LINES) {
            if (encoder instanceof StreamingEncoder<?>) {
                stream(event);
            } else {
                super.writeOut(event);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void stream(E event) throws IOException {
        streamWriteLock.lock();
        try {
            if (isStarted()) {
                OutputStream out = getOutputStream();
                ((StreamingEncoder<E>) encoder).encode(event, out);
                if (isImmediateFlush()) {
                    out.flush();
                }
            }
        } finally {
            streamWriteLock.unlock();
        }
    }

    /** Passes whole writes through and turns {@code close} into {@code flush}: the stream outlives any appender. */
    private static final class NeverClosed extends FilterOutputStream {

        NeverClosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
