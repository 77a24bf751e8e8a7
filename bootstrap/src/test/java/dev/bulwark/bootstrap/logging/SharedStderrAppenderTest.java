package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
}
