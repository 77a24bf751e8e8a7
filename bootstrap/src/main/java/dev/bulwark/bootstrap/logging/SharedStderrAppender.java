package dev.bulwark.bootstrap.logging;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes log events to standard error through one buffer every instance shares, each line whole.
 *
 * @param <E> the event type
 */
public final class SharedStderrAppender<E> extends OutputStreamAppender<E> {

    private static final int BUFFER_BYTES = 64 * 1024;
    /**
     * One buffer for every instance, flushed by the asynchronous writer at the end of each batch: one {@code write}
     * system call per batch, where {@code System.err} flushes every line. Each event is written whole in one
     * synchronized call, so the diagnostic and audit streams never interleave.
     */
    private static final OutputStream STDERR =
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), BUFFER_BYTES);

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
