package dev.bulwark.bootstrap.logging;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes log events to the process's standard error through one buffer that every instance shares, so that an
 * asynchronous writer flushing at the end of each batch (logstash-logback-encoder's ring-buffer appender does, for a
 * delegate with {@code immediateFlush} off) makes one {@code write} system call per batch rather than one per line.
 * Logback's {@code ConsoleAppender} writes through {@code System.err}, which flushes every line: under load that was a
 * system call per tool call for the audit line alone.
 *
 * <p>Each event is written whole, in one call on the shared buffer (which is synchronized), so the lines of the
 * diagnostic and the audit streams never interleave, and a flush always writes whole lines. Stopping an appender
 * flushes the buffer and leaves standard error open for the others. With {@code immediateFlush} off, use it only
 * behind an appender that flushes its delegates; with it on (the default), every line is flushed as it is written.
 *
 * @param <E> the event type
 */
public final class SharedStderrAppender<E> extends OutputStreamAppender<E> {

    private static final int BUFFER_BYTES = 64 * 1024;
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
