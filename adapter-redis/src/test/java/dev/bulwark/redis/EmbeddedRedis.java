package dev.bulwark.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} for tests and benchmarks, run from the binary that the
 * {@code com.github.codemonstur:embedded-redis} Maven artifact ships, so nothing needs to be installed. It listens on
 * 127.0.0.1 on a free port, keeps nothing on disk, and can be stopped (killed, as a crash would), restarted on the
 * same port, or frozen (paused with {@code SIGSTOP}: it still accepts connections but answers nothing, like a hung
 * server) and thawed. Every wait is bounded. Not thread-safe: one test drives it.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static File binary;

    private final int port;
    private final List<String> extraArguments;
    private final Path workDirectory;
    private final Thread cleanup;
    private Process process;
    private boolean frozen;

    private EmbeddedRedis(int port, List<String> extraArguments) throws IOException {
        this.port = port;
        this.extraArguments = List.copyOf(extraArguments);
        this.workDirectory = Files.createTempDirectory("bulwark-redis-");
        this.cleanup = new Thread(this::killAndDeleteFiles, "embedded-redis-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Starts a Redis on a free port; {@code arguments} are extra {@code redis-server} options such as
     * {@code "--requirepass", "secret"}. */
    public static EmbeddedRedis start(String... arguments) {
        return startOn(freePort(), arguments);
    }

    /** Starts a Redis on {@code port}. */
    public static EmbeddedRedis startOn(int port, String... arguments) {
        try {
            EmbeddedRedis redis = new EmbeddedRedis(port, List.of(arguments));
            redis.restart();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on right now (nothing reserves it, but the kernel does not hand it out again soon). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The server's process id while it runs. */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again) on the same port and waits until it answers. */
    public synchronized void restart() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("redis is already running on port " + port);
        }
        List<String> command = new ArrayList<>(List.of(
                executable().getAbsolutePath(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--protected-mode",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                workDirectory.toString(),
                "--loglevel",
                "warning"));
        command.addAll(extraArguments);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDirectory.resolve("redis.log").toFile())
                .start();
        frozen = false;
        awaitAnswer();
    }

    /** Kills the server, as a crash or a lost host would; its data is gone. */
    public synchronized void stop() {
        kill();
    }

    /** Pauses the server ({@code SIGSTOP}): connections are still accepted by the kernel, nothing is answered. */
    public synchronized void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** Resumes a frozen server ({@code SIGCONT}). */
    public synchronized void thaw() {
        signal("CONT");
        frozen = false;
    }

    @Override
    public synchronized void close() {
        killAndDeleteFiles();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway.
        }
    }

    private void killAndDeleteFiles() {
        kill();
        try {
            Files.deleteIfExists(workDirectory.resolve("redis.log"));
            Files.deleteIfExists(workDirectory);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly(); // SIGKILL works on a stopped process too
        try {
            if (!current.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis on port " + port + " did not end within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        frozen = false;
    }

    private void signal(String signal) {
        if (!isRunning()) {
            throw new IllegalStateException("redis is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " failed for redis on port " + port);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling redis", e);
        }
    }

    /** Polls with {@code PING} until the server answers anything (a password-protected one answers NOAUTH). */
    private void awaitAnswer() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": "
                        + Files.readString(workDirectory.resolve("redis.log")));
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis", e);
            }
        }
        kill();
        throw new IOException("redis-server did not answer on port " + port + " within " + START_TIMEOUT);
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return in.read() != -1;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@link #freeze()} paused the server and {@link #thaw()} has not resumed it yet. */
    public boolean isFrozen() {
        return frozen;
    }

    private static synchronized File executable() throws IOException {
        if (binary == null) {
            binary = ExecutableProvider.newJarResourceProvider().get();
            if (!binary.canExecute() && !binary.setExecutable(true)) {
                throw new IOException("cannot make the redis-server binary executable");
            }
        }
        return binary;
    }
}
