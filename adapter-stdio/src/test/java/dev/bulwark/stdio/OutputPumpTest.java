package dev.bulwark.stdio;

import static dev.bulwark.stdio.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OutputPumpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Function<JSONRPCMessage, String> BY_METHOD =
            message -> "{\"method\":\"" + ((JSONRPCNotification) message).method() + "\"}";

    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final List<Exception> failures = new ArrayList<>();
    private final CountDownLatch unblock = new CountDownLatch(1);

    @AfterEach
    void releaseStuckWriters() {
        unblock.countDown();
    }

    private OutputPump pump(OutputStream out, int maxQueued, Function<JSONRPCMessage, String> render) {
        return pump(out, maxQueued, render, Ticker.system());
    }

    private OutputPump pump(OutputStream out, int maxQueued, Function<JSONRPCMessage, String> render, Ticker ticker) {
        return new OutputPump(
                out,
                maxQueued,
                Duration.ofSeconds(10),
                message -> {
                    String line = render.apply(message);
                    return line == null ? null : line.getBytes(StandardCharsets.UTF_8);
                },
                finished,
                failures::add,
                ticker);
    }

    private static void startWriter(OutputPump pump) {
        Thread writer = new Thread(pump, "test-stdout-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private static JSONRPCMessage notification(String method) {
        return new JSONRPCNotification("2.0", method, null);
    }

    @Test
    void progressBeyondFourTimesTheQueueLimitIsDroppedWhileAnswersAreNeverDropped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputPump pump = pump(out, 4, BY_METHOD); // no writer yet: a client that does not read

        for (int i = 0; i < 100; i++) {
            assertThat(pump.enqueueNotification(notification("notifications/progress")))
                    .isTrue();
        }
        assertThat(pump.enqueue(notification("answer"))).isTrue();

        assertThat(pump.droppedNotifications()).isEqualTo(100 - 4 * OutputPump.NOTIFICATION_ROOM);
        startWriter(pump);
        pump.close();
        finished.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(4 * OutputPump.NOTIFICATION_ROOM + 1);
        assertThat(lines[lines.length - 1]).isEqualTo("{\"method\":\"answer\"}");
    }

    @Test
    void onlyProgressAndLogNotificationsAreDroppable() {
        assertThat(OutputPump.isDroppable(notification("notifications/progress")))
                .isTrue();
        assertThat(OutputPump.isDroppable(notification("notifications/message")))
                .isTrue();
        assertThat(OutputPump.isDroppable(notification("notifications/cancelled")))
                .isFalse();
        assertThat(OutputPump.isDroppable(notification("notifications/resources/updated")))
                .isFalse();
    }

    @Test
    void writesLinesAndMessagesOnePerLineInQueueOrderThenFinishesOnClose() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputPump pump = pump(out, 16, BY_METHOD);

        pump.enqueue("{\"first\":1}");
        pump.enqueue(notification("second"));
        pump.enqueue("{\"third\":3}");
        pump.close();
        startWriter(pump);

        assertThat(finished).succeedsWithin(WAIT);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"first\":1}\n{\"method\":\"second\"}\n{\"third\":3}\n");
        assertThat(failures).isEmpty();
    }

    @Test
    void aMessageThatCannotBeRenderedIsSkippedAndTheNextIsStillWritten() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputPump pump = pump(out, 16, message -> null);

        pump.enqueue(notification("unrenderable"));
        pump.enqueue("{\"after\":1}");
        pump.close();
        startWriter(pump);

        assertThat(finished).succeedsWithin(WAIT);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"after\":1}\n");
    }

    @Test
    void flushesAsSoonAsTheQueueRunsEmptyWithoutWaitingForTheEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputPump pump = pump(out, 16, BY_METHOD);
        startWriter(pump);

        pump.enqueue("{\"ping\":1}");

        eventually(
                "the line is flushed",
                () -> out.toString(StandardCharsets.UTF_8).equals("{\"ping\":1}\n"));
        assertThat(finished).isNotDone();
    }

    @Test
    void nothingIsQueuedOnceClosed() {
        OutputPump pump = pump(new ByteArrayOutputStream(), 16, BY_METHOD);

        pump.close();

        assertThat(pump.enqueue("{\"late\":1}")).isFalse();
    }

    @Test
    void aFailingStreamDropsTheQueueTellsTheOwnerAndFinishes() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        OutputPump pump = pump(broken, 16, BY_METHOD);

        pump.enqueue("{\"lost\":1}");
        startWriter(pump);

        assertThat(finished).succeedsWithin(WAIT);
        assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessage("broken pipe"));
        assertThat(pump.enqueue("{\"after\":1}")).isFalse();
    }

    @Test
    void holdsTheReaderWhileTooManyLinesWaitAndLetsItGoOnceHalfAreWritten() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputPump pump = pump(out, 4, BY_METHOD);
        for (int i = 0; i < 4; i++) {
            pump.enqueue("{\"n\":" + i + "}");
        }
        CountDownLatch readerLetGo = new CountDownLatch(1);
        Thread reader = new Thread(
                () -> {
                    try {
                        pump.awaitRoom();
                        readerLetGo.countDown();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "test-reader");
        reader.setDaemon(true);
        reader.start();

        eventually("the reader is held", pump::readerWaiting);
        assertThat(readerLetGo.getCount()).isEqualTo(1);
        startWriter(pump);

        assertThat(readerLetGo.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(pump.highWater()).isEqualTo(4);
    }

    @Test
    void aReaderIsNotHeldWhileFewerLinesThanTheLimitWait() throws Exception {
        OutputPump pump = pump(new ByteArrayOutputStream(), 4, BY_METHOD);
        pump.enqueue("{\"n\":1}");

        pump.awaitRoom();

        assertThat(pump.readerWaiting()).isFalse();
    }

    @Test
    void onceClosedAStreamThatTakesNothingIsGivenUpOnAfterTheStallTimeout() {
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                awaitUnblock();
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                awaitUnblock();
            }
        };
        OutputPump pump = pump(stuck, 16, BY_METHOD);
        pump.stallTimeout(Duration.ofMillis(100));
        pump.enqueue("{\"never\":1}"); // buffered, then the flush blocks
        startWriter(pump);

        pump.close();

        assertThat(finished).succeedsWithin(WAIT);
        assertThat(pump.isFinished()).isTrue();
    }

    @Test
    void aSessionIdleForLongerThanTheStallTimeoutStillWritesWhatItQueuedBeforeItEnds() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputPump pump = pump(out, 16, BY_METHOD, now::get);
        pump.stallTimeout(Duration.ofSeconds(1));
        now.addAndGet(Duration.ofMillis(1_200).toNanos()); // idle: nothing to write, which is no stall

        pump.enqueue("{\"last\":1}"); // a long call's answer, then the session ends
        pump.close();
        // the writer takes it a while later, as a busy one would, but within the stall timeout of the end
        now.addAndGet(Duration.ofMillis(900).toNanos());
        assertThat(finished)
                .as("not given up on: the stall counts from the end, not from the last write")
                .isNotDone();
        startWriter(pump);

        assertThat(finished).succeedsWithin(WAIT);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .as("written before the session was given up")
                .isEqualTo("{\"last\":1}\n");
    }

    private void awaitUnblock() {
        try {
            unblock.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
