package dev.bulwark.loadtest;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One MCP server process driven over its stdio.
 */
final class StdioPeer implements AutoCloseable {

    private static final int INITIALIZE_TIMEOUT_SECONDS = 120;
    /** How long a run's end waits without any answer before it gives up on the missing ones. */
    private static final int SILENCE_SECONDS = 20;

    private final String name;
    private final Process process;
    private final OutputStream toServer;
    private final ProcessCpu cpu;
    private final Semaphore window;
    private final int windowSize;
    private final byte[] callPrefix;
    private final byte[] callSuffix;
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final AtomicReference<String> initializeAnswer = new AtomicReference<>();
    private final Thread reader;
    private long nextId = 1;
    private volatile long lastAnswerNanos;

    /**
     * Starts the server and initializes its session; its stderr goes to {@code stderr}.
     *
     * @param tool the tool every request calls
     * @param argumentsJson its arguments, a JSON object
     * @param extraParams more members of each call's params, each with its leading comma (or empty)
     */
    StdioPeer(
            String name,
            List<String> command,
            File stderr,
            String tool,
            String argumentsJson,
            String extraParams,
            int window)
            throws IOException, InterruptedException {
        this.name = name;
        this.windowSize = window;
        this.window = new Semaphore(window);
        this.callPrefix = "{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.UTF_8);
        this.callSuffix = (",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":"
                        + argumentsJson + extraParams + "}}\n")
                .getBytes(StandardCharsets.UTF_8);
        this.process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr))
                .start();
        this.toServer = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
        this.cpu = new ProcessCpu(process.pid());
        this.reader = new Thread(this::readAnswers, "stdio-load-reader-" + name);
        reader.setDaemon(true);
        reader.start();
        initialize();
    }

    String name() {
        return name;
    }

    /**
     * Sends calls for {@code seconds}, then waits for every outstanding answer.
     *
     * @return what the run measured
     */
    StdioRun run(double seconds) throws IOException, InterruptedException {
        long callsBefore = answers.get();
        long failedBefore = failures.get();
        double cpuBefore = cpu.seconds();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                checkAlive();
                continue;
            }
            writeCall();
            // Every slot free now is filled before one flush: the client writes in batches, as a busy one would
            while (window.tryAcquire()) {
                writeCall();
            }
            toServer.flush();
        }
        drain();
        double cpuAfter = cpu.seconds();
        return new StdioRun(
                name,
                answers.get() - callsBefore,
                failures.get() - failedBefore,
                (lastAnswerNanos - start) / 1e9,
                cpuAfter - cpuBefore);
    }

    /** The first answer that was not a successful tool result, or {@code null}. */
    String firstFailure() {
        return firstFailure.get();
    }

    /** Closes the server's stdin (which ends its session) and waits briefly for it to exit, then stops it. */
    @Override
    public void close() throws InterruptedException {
        try {
            toServer.close();
        } catch (IOException e) {
            // it has gone already
        }
        // The bare SDK's stdio server runs until killed
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void initialize() throws IOException, InterruptedException {
        window.acquire();
        toServer.write(("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"stdio-load\",\"version\":\"1\"}}}\n")
                .getBytes(StandardCharsets.UTF_8));
        toServer.flush();
        if (!window.tryAcquire(windowSize, INITIALIZE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            checkAlive();
            throw new IOException(name + " did not answer initialize within " + INITIALIZE_TIMEOUT_SECONDS + " s");
        }
        window.release(windowSize);
        String answer = initializeAnswer.get();
        if (answer == null || !answer.contains("\"result\"")) {
            throw new IOException(name + " refused initialize: " + answer);
        }
        toServer.write(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n".getBytes(StandardCharsets.UTF_8));
        toServer.flush();
        answers.set(0);
        failures.set(0);
    }

    private void writeCall() throws IOException {
        toServer.write(callPrefix);
        toServer.write(Long.toString(nextId++).getBytes(StandardCharsets.US_ASCII));
        toServer.write(callSuffix);
    }

    /** Waits until every request sent has its answer; fails when none has come for {@value #SILENCE_SECONDS} s. */
    private void drain() throws IOException, InterruptedException {
        toServer.flush();
        long seen = answers.get();
        long since = System.nanoTime();
        while (!window.tryAcquire(windowSize, 100, TimeUnit.MILLISECONDS)) {
            checkAlive();
            if (answers.get() != seen) {
                seen = answers.get();
                since = System.nanoTime();
            } else if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(SILENCE_SECONDS)) {
                throw new IOException(name + " left " + (windowSize - window.availablePermits())
                        + " requests unanswered for " + SILENCE_SECONDS + " s");
            }
        }
        window.release(windowSize);
    }

    private void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException(name + " exited with status " + process.exitValue());
        }
    }

    /** The reader thread: one answer per line; notifications (no id) are skipped. */
    private void readAnswers() {
        try (InputStream in = process.getInputStream()) {
            LineScanner lines = new LineScanner(in);
            String line;
            while ((line = lines.next()) != null) {
                if (!line.contains("\"id\":")) {
                    continue; // a notification
                }
                if (answers.get() == 0 && initializeAnswer.get() == null) {
                    initializeAnswer.set(line);
                } else if (!line.contains("\"result\":") || line.contains("\"isError\":true")) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, line);
                }
                answers.incrementAndGet();
                lastAnswerNanos = System.nanoTime();
                window.release();
            }
        } catch (IOException e) {
            // the process has ended; the sender sees it
        }
    }
}
