package dev.bulwark.stdio;

import dev.bulwark.ports.json.JsonBytes;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of the protocol's output stream, one message per line, in queue order.
 */
final class OutputPump implements Runnable {

    /** Logs under the transport's name, so that every line of the stdio transport carries one logger. */
    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    private static final int BUFFER_BYTES = 64 * 1024;
    /** The most queued items taken at once. */
    private static final int BATCH = 256;
    /** Marks the end of the queue. */
    private static final Object END_OF_OUTPUT = new Object();
    /** Droppable notifications are dropped once this many times {@code maxQueued} lines wait. */
    static final int NOTIFICATION_ROOM = 4;

    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final OutputStream rawOut;
    private final OutputStream out;
    private final int maxQueued;
    private final Function<JSONRPCMessage, byte[]> render;
    private final CompletableFuture<Void> finished;
    private final Consumer<Exception> onFailure;
    /** Where the stall and the drop log's interval read the time. */
    private final Ticker ticker;

    /**
     * Pre-rendered lines ({@link String}, or {@link JsonBytes} in UTF-8) and messages ({@link JSONRPCMessage}), then
     * {@link #END_OF_OUTPUT}.
     */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    private final Object queueLock = new Object();
    /** Guarded by {@link #queueLock}: once true, nothing more is queued. */
    private boolean closed;
    /** Lines queued and not yet written. */
    private final AtomicInteger queued = new AtomicInteger();
    /** The most lines ever queued at once, for tests. */
    private final AtomicInteger highWater = new AtomicInteger();

    private final AtomicLong droppedNotifications = new AtomicLong();
    private final AtomicLong lastDropLog;
    /** The reader waits on it for room in the queue; the writer notifies it. */
    private final Object room = new Object();

    private volatile boolean readerWaiting;
    /** After {@link #close()}, how long the stream may take no line before it is given up on. */
    private volatile long stallNanos;
    /** The {@link #ticker}'s time when the writer last finished writing a line (into its buffer). */
    private volatile long lastProgress;

    /**
     * @param out the protocol's stream; buffered here, never closed
     * @param maxQueued how many lines may wait before {@link #awaitRoom()} holds its caller
     * @param stallTimeout after {@link #close()}, how long the stream may take nothing before it is given up on
     * @param render turns a queued message into a line without terminator, or {@code null} to skip it
     * @param finished completed once the pump has written all it will write (or has given up)
     * @param onFailure told, on the writing thread, when writing fails; the pump has already dropped its queue
     */
    OutputPump(
            OutputStream out,
            int maxQueued,
            Duration stallTimeout,
            Function<JSONRPCMessage, byte[]> render,
            CompletableFuture<Void> finished,
            Consumer<Exception> onFailure) {
        this(out, maxQueued, stallTimeout, render, finished, onFailure, Ticker.system());
    }

    /** As the other constructor, reading the time from {@code ticker} (a test's). */
    OutputPump(
            OutputStream out,
            int maxQueued,
            Duration stallTimeout,
            Function<JSONRPCMessage, byte[]> render,
            CompletableFuture<Void> finished,
            Consumer<Exception> onFailure,
            Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.lastProgress = ticker.nanoTime();
        this.lastDropLog = new AtomicLong(lastProgress - DROP_LOG_INTERVAL_NANOS);
        this.rawOut = Objects.requireNonNull(out, "out");
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);
        this.maxQueued = maxQueued;
        this.stallNanos = stallTimeout.toNanos();
        this.render = render;
        this.finished = finished;
        this.onFailure = onFailure;
    }

    /**
     * Queues a pre-rendered line ({@link String}) or a message ({@link JSONRPCMessage}, rendered when written).
     *
     * @return whether it was queued; {@code false} once the pump is closed or has failed
     */
    boolean enqueue(Object item) {
        int now;
        synchronized (queueLock) {
            if (closed) {
                return false;
            }
            now = queued.incrementAndGet();
            queue.add(item);
        }
        if (now > highWater.get()) {
            highWater.accumulateAndGet(now, Math::max);
        }
        return true;
    }

    /**
     * Queues a notification the client can do without (progress, a log message), unless {@link #NOTIFICATION_ROOM}
     * times {@code maxQueued} lines already wait: a client that stops reading would otherwise make a tool that
     * reports progress in a loop fill the heap. Dropped ones are counted and logged (at most once a minute); answers
     * and requests are never dropped (the calls in flight bound them).
     *
     * @return whether it was taken (queued, or dropped for want of room); {@code false} once the pump is closed
     */
    boolean enqueueNotification(Object item) {
        if (queued.get() < (long) maxQueued * NOTIFICATION_ROOM) {
            return enqueue(item);
        }
        synchronized (queueLock) {
            if (closed) {
                return false;
            }
        }
        long dropped = droppedNotifications.incrementAndGet();
        long now = ticker.nanoTime();
        long last = lastDropLog.get();
        if (now - last >= DROP_LOG_INTERVAL_NANOS && lastDropLog.compareAndSet(last, now)) {
            log.warn(
                    "The client does not read stdout: {} progress or log notification(s) dropped so far ({} lines"
                            + " wait)",
                    dropped,
                    queued.get());
        }
        return true;
    }

    /** Whether a notification is one the client can do without when it falls behind: progress or a log message. */
    static boolean isDroppable(JSONRPCMessage message) {
        return message instanceof JSONRPCNotification notification
                && (McpSchema.METHOD_NOTIFICATION_PROGRESS.equals(notification.method())
                        || McpSchema.METHOD_NOTIFICATION_MESSAGE.equals(notification.method()));
    }

    /** Notifications dropped so far for want of room, for tests. */
    long droppedNotifications() {
        return droppedNotifications.get();
    }

    /**
     * Writes the queue until its end, then completes {@code finished}. Run by the one writer thread. It takes what
     * has queued up in one go and writes it into the buffer, flushing only once nothing more waits: under load many
     * answers leave in one write, and no answer waits for the next.
     */
    @Override
    public void run() {
        List<Object> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                for (Object item : batch) {
                    if (item == END_OF_OUTPUT) {
                        flush();
                        log.debug("stdout flushed; the stdio transport has terminated");
                        return;
                    }
                    write(item);
                }
                written(batch.size());
                batch.clear();
                if (queue.isEmpty()) {
                    flush();
                }
            }
        } catch (IOException e) {
            failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The stdout writer failed unexpectedly; ending the MCP session", e);
            failed(e);
        } finally {
            finished.complete(null);
            wakeReader();
        }
    }

    private void write(Object item) throws IOException {
        if (item instanceof JsonBytes json) {
            json.writeTo(out);
            out.write('\n');
            lastProgress = ticker.nanoTime();
            return;
        }
        byte[] line =
                item instanceof String rendered ? JsonRpcLines.utf8(rendered) : render.apply((JSONRPCMessage) item);
        if (line != null) {
            out.write(line);
            out.write('\n');
        }
        lastProgress = ticker.nanoTime();
    }

    /**
     * Ends the queue: what is queued is still written, nothing more is taken. From now on a stream that takes no
     * line for the stall timeout is given up on. Idempotent.
     */
    void close() {
        synchronized (queueLock) {
            if (!closed) {
                closed = true;
                // the stall is counted from now: a session idle for a while before it ended has not stalled
                lastProgress = ticker.nanoTime();
                queue.add(END_OF_OUTPUT);
            }
        }
        watchStall();
    }

    /**
     * Waits, before the reader reads its next line, while too many lines wait to be written: a client that does not
     * read stdout then finds stdin full instead of the server buffering its answers without bound.
     */
    void awaitRoom() throws InterruptedException {
        if (queued.get() < maxQueued) {
            return;
        }
        long since = ticker.nanoTime();
        boolean reported = false;
        synchronized (room) {
            readerWaiting = true;
            try {
                while (queued.get() > maxQueued / 2 && !finished.isDone()) {
                    room.wait(1000);
                    if (!reported && ticker.nanoTime() - since > stallNanos) {
                        reported = true;
                        log.info(
                                "The client has not read stdout for {} s ({} messages waiting); reading of stdin"
                                        + " is paused until it does",
                                TimeUnit.NANOSECONDS.toSeconds(stallNanos),
                                queued.get());
                    }
                }
            } finally {
                readerWaiting = false;
            }
        }
    }

    /** Whether the pump has written all it will (or given up); the reader stops then. */
    boolean isFinished() {
        return finished.isDone();
    }

    /** Sets how long the stream may take nothing after {@link #close()} before it is given up on. */
    void stallTimeout(Duration timeout) {
        stallNanos = timeout.toNanos();
    }

    /** Whether a caller of {@link #awaitRoom()} is held now. */
    boolean readerWaiting() {
        return readerWaiting;
    }

    /** The most lines that have waited to be written at once. */
    int highWater() {
        return highWater.get();
    }

    private void written(int lines) {
        int left = queued.addAndGet(-lines);
        if (readerWaiting && left <= maxQueued / 2) {
            wakeReader();
        }
    }

    private void wakeReader() {
        synchronized (room) {
            room.notifyAll();
        }
    }

    private void flush() throws IOException {
        out.flush();
        if (rawOut instanceof PrintStream printStream && printStream.checkError()) {
            throw new IOException("stdout reported a write error");
        }
    }

    private void failed(Exception e) {
        synchronized (queueLock) {
            closed = true;
            queue.clear();
            queued.set(0);
        }
        wakeReader();
        onFailure.accept(e);
    }

    /** Once closed, completes {@code finished} without the rest when no line has been written for the timeout. */
    private void watchStall() {
        if (finished.isDone()) {
            return;
        }
        long stalled = ticker.nanoTime() - lastProgress;
        if (stalled >= stallNanos) {
            log.warn(
                    "stdout has taken nothing for {} s; ending the session without writing {} queued message(s)",
                    TimeUnit.NANOSECONDS.toSeconds(stalled),
                    queued.get());
            finished.complete(null);
            wakeReader();
            return;
        }
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(this::watchStall);
    }
}
