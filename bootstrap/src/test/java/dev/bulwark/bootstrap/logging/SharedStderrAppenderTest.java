package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.logstash.logback.encoder.StreamingEncoder;
import org.junit.jupiter.api.Test;

/** Whole lines through one shared buffer: written on flush only, never interleaved, never closed by an appender. */
class SharedStderrAppenderTest {

    private final LoggerContext context = new LoggerContext();

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final BufferedOutputStream shared = new BufferedOutputStream(sink, 256);

    SharedStderrAppenderTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @Test
    void linesOfTwoAppendersWrittenFromManyThreadsNeverInterleave() throws Exception {
        SharedStderrAppender<ILoggingEvent> diagnostics = appender("diagnostics", false);
        SharedStderrAppender<ILoggingEvent> audit = appender("audit", false);
        assertLinesOfFourWritersNeverInterleave(diagnostics, audit);
    }

    @Test
    void aStreamingEncoderWritesItsLineIntoTheStreamWithoutAnArray() throws Exception {
        SharedStderrAppender<ILoggingEvent> appender = streamingAppender("audit", 1);

        appender.doAppend(event("tool call audit"));
        shared.flush();

        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("audit tool call audit\n");
    }

    @Test
    void linesStreamingEncodersWriteByteByByteNeverInterleaveAcrossAppenders() throws Exception {
        SharedStderrAppender<ILoggingEvent> diagnostics = streamingAppender("diagnostics", Integer.MAX_VALUE);
        SharedStderrAppender<ILoggingEvent> audit = streamingAppender("audit", Integer.MAX_VALUE);
        assertLinesOfFourWritersNeverInterleave(diagnostics, audit);
    }

    @Test
    void withoutImmediateFlushALineWaitsInTheBufferUntilFlushed() throws Exception {
        SharedStderrAppender<ILoggingEvent> appender = appender("audit", false);

        appender.doAppend(event("tool call audit"));

        assertThat(sink.size()).isZero();
        shared.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("audit tool call audit\n");
    }

    @Test
    void withImmediateFlushEveryLineIsWrittenAtOnce() {
        SharedStderrAppender<ILoggingEvent> appender = appender("diagnostics", true);

        appender.doAppend(event("started"));

        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("diagnostics started\n");
    }

    @Test
    void stoppingOneAppenderFlushesAndLeavesTheStreamToTheOthers() {
        SharedStderrAppender<ILoggingEvent> first = appender("diagnostics", false);
        SharedStderrAppender<ILoggingEvent> second = appender("audit", true);
        first.doAppend(event("last words"));

        first.stop();
        second.doAppend(event("still here"));

        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("diagnostics last words\naudit still here\n");
    }

    private SharedStderrAppender<ILoggingEvent> appender(String stream, boolean immediateFlush) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(stream + " %msg%n");
        encoder.start();
        SharedStderrAppender<ILoggingEvent> appender = new SharedStderrAppender<>(shared);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setImmediateFlush(immediateFlush);
        appender.start();
        return appender;
    }

    /**
     * An appender whose encoder streams each line in {@code pieces} writes (one a byte at most) and never returns it
     * as an array.
     */
    private SharedStderrAppender<ILoggingEvent> streamingAppender(String stream, int pieces) {
        PiecewiseEncoder encoder = new PiecewiseEncoder(stream, pieces);
        encoder.setContext(context);
        encoder.start();
        SharedStderrAppender<ILoggingEvent> appender = new SharedStderrAppender<>(shared);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setImmediateFlush(false);
        appender.start();
        return appender;
    }

    /** Streams {@code <stream> <message>} and a newline in a number of writes; has no array to give. */
    private static final class PiecewiseEncoder extends EncoderBase<ILoggingEvent>
            implements StreamingEncoder<ILoggingEvent> {
        private final String stream;
        private final int pieces;

        PiecewiseEncoder(String stream, int pieces) {
            this.stream = stream;
            this.pieces = pieces;
        }

        @Override
        public void encode(ILoggingEvent event, OutputStream out) throws IOException {
            byte[] line = (stream + " " + event.getFormattedMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            int step = Math.max(1, line.length / pieces);
            for (int offset = 0; offset < line.length; offset += step) {
                out.write(line, offset, Math.min(step, line.length - offset));
            }
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            throw new UnsupportedOperationException("a streaming encoder's line is written into the stream");
        }

        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }

    private ILoggingEvent event(String message) {
        return new LoggingEvent("test", context.getLogger("test"), Level.INFO, message, null, null);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Four threads write 500 lines each, two through each appender: every line comes out whole. */
    private void assertLinesOfFourWritersNeverInterleave(
            SharedStderrAppender<ILoggingEvent> diagnostics, SharedStderrAppender<ILoggingEvent> audit)
            throws InterruptedException, IOException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SharedStderrAppender<ILoggingEvent> target = i % 2 == 0 ? diagnostics : audit;
            String name = "writer-" + i;
            Thread writer = new Thread(() -> {
                awaitQuietly(go);
                for (int n = 0; n < 500; n++) {
                    target.doAppend(event(name + " line " + n + " " + "x".repeat(n % 97)));
                }
            });
            writer.start();
            writers.add(writer);
        }

        go.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        shared.flush();

        List<String> lines = sink.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines)
                .hasSize(2000)
                .allSatisfy(line -> assertThat(line).matches("(diagnostics|audit) writer-\\d line \\d+ x*"));
    }
}
