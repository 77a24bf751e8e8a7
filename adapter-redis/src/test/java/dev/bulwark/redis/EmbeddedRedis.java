package dev.bulwark.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} for tests and benchmarks, run from the binary that the
 * {@code com.github.codemonstur:embedded-redis} Maven artifact ships, so nothing needs to be installed. It listens on
 * 127.0.0.1 on a free port (see {@link #start(String...)}), keeps nothing on disk, and can be stopped (killed, as a crash would), restarted on the
 * same port, or frozen (paused with {@code SIGSTOP}: it still accepts connections but answers nothing, like a hung
 * server) and thawed. Every wait is bounded. Not thread-safe: one test drives it.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Ports tried before giving up; each try fails only when another process holds its candidate. */
    private static final int START_ATTEMPTS = 20;
    /**
     * Candidates lie below Linux's ephemeral range (32768-60999), which the kernel hands to outgoing connections and
     * to sockets bound to port 0, so the two rarely meet.
     */
    private static final int FIRST_CANDIDATE = 15_000;

    private static final int LAST_CANDIDATE = 32_767;
    /** A Cluster node also listens on its port plus 10000 (its bus), which must stay below the ephemeral range. */
    private static final int CLUSTER_BUS_OFFSET = 10_000;
    /** The line {@code redis-server} logs once it listens on every port it was given. */
    private static final String READY = "Ready to accept connections";
    /** The line a Sentinel logs once it listens; it never logs {@link #READY}. */
    private static final String SENTINEL_READY = "Sentinel ID is";

    private static File binary;

    private final int port;
    private final int tlsPort;
    private final List<String> extraArguments;
    /** The configuration a Sentinel starts from and rewrites; empty for a data server. */
    private final List<String> sentinelConfig;

    private final Path workDirectory;
    private final Thread cleanup;
    private Process process;
    private boolean frozen;

    private EmbeddedRedis(int port, int tlsPort, List<String> extraArguments) throws IOException {
        this(port, tlsPort, extraArguments, List.of());
    }

    private EmbeddedRedis(int port, int tlsPort, List<String> extraArguments, List<String> sentinelConfig)
            throws IOException {
        this.port = port;
        this.tlsPort = tlsPort;
        this.extraArguments = List.copyOf(extraArguments);
        this.sentinelConfig = List.copyOf(sentinelConfig);
        this.workDirectory = Files.createTempDirectory("bulwark-redis-");
        this.cleanup = new Thread(this::killAndDeleteFiles, "embedded-redis-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Starts a Redis on a free port; {@code arguments} are extra {@code redis-server} options such as
     * {@code "--requirepass", "secret"}. {@code redis-server} cannot bind port 0, so it is started on a candidate port
     * and, when it reports that port in use, again on another: its own bind is the proof the port is free.
     */
    public static EmbeddedRedis start(String... arguments) {
        return startOnFreePorts(tlsPort -> List.of(arguments), false);
    }

    /**
     * Starts a Redis that also listens for TLS on a free port of its own: {@code tlsArguments} gives the options for
     * a candidate TLS port (such as {@code --tls-port}, the certificate files). Read the port from {@link #tlsPort()}.
     */
    public static EmbeddedRedis startWithTlsPort(IntFunction<List<String>> tlsArguments) {
        return startOnFreePorts(tlsArguments, true);
    }

    /**
     * Starts a Redis on {@code port}, for a test that needs a server to appear where a client already points. It
     * fails when another process holds the port.
     */
    public static EmbeddedRedis startOn(int port, String... arguments) {
        try {
            EmbeddedRedis redis = new EmbeddedRedis(port, 0, List.of(arguments));
            try {
                redis.restart();
            } catch (IOException | RuntimeException e) {
                redis.close();
                throw e;
            }
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the same binary as a Sentinel ({@code --sentinel}) on a free port, from a configuration file holding
     * {@code configLines} (such as {@code sentinel monitor ...}), which the Sentinel rewrites as it learns.
     */
    public static EmbeddedRedis startSentinel(List<String> configLines) {
        return startOnFreePorts(tlsPort -> List.of(), false, configLines);
    }

    /**
     * Starts a Redis Cluster node ({@code --cluster-enabled yes}) on a free port whose bus port (the port plus 10000)
     * is free as well; its {@code nodes.conf} lives in its own directory.
     */
    public static EmbeddedRedis startClusterNode(String... arguments) {
        List<String> all = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-node-timeout", "1000"));
        all.addAll(List.of(arguments));
        return startOnFreePorts(tlsPort -> all, false, List.of(), LAST_CANDIDATE - CLUSTER_BUS_OFFSET);
    }

    private static EmbeddedRedis startOnFreePorts(IntFunction<List<String>> arguments, boolean withTls) {
        return startOnFreePorts(arguments, withTls, List.of());
    }

    private static EmbeddedRedis startOnFreePorts(
            IntFunction<List<String>> arguments, boolean withTls, List<String> sentinelConfig) {
        return startOnFreePorts(arguments, withTls, sentinelConfig, LAST_CANDIDATE);
    }

    /** Starts a Redis on candidate ports until they are free; {@code arguments} takes the candidate TLS port. */
    private static EmbeddedRedis startOnFreePorts(
            IntFunction<List<String>> arguments, boolean withTls, List<String> sentinelConfig, int lastCandidate) {
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = candidatePort(lastCandidate);
            int tlsPort = withTls ? candidatePort(lastCandidate) : 0;
            if (tlsPort == port) {
                continue;
            }
            EmbeddedRedis redis;
            try {
                redis = new EmbeddedRedis(port, tlsPort, arguments.apply(tlsPort), sentinelConfig);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                redis.launch();
                return redis;
            } catch (PortInUse e) {
                failures.add(e.getMessage());
                redis.close();
            } catch (IOException e) {
                redis.close();
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                redis.close();
                throw e;
            }
        }
        throw new IllegalStateException(
                "redis-server found its port in use " + START_ATTEMPTS + " times: " + String.join("; ", failures));
    }

    private static int candidatePort(int lastCandidate) {
        return ThreadLocalRandom.current().nextInt(FIRST_CANDIDATE, lastCandidate + 1);
    }

    public int port() {
        return port;
    }

    /** The TLS port of a server started by {@link #startWithTlsPort}. */
    public int tlsPort() {
        if (tlsPort == 0) {
            throw new IllegalStateException("this redis was not started with a TLS port");
        }
        return tlsPort;
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

    /** Starts the server (again) on the same port and waits until it listens; fails if another process took it. */
    public synchronized void restart() throws IOException {
        try {
            launch();
        } catch (PortInUse e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void launch() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("redis is already running on port " + port);
        }
        List<String> command = new ArrayList<>(List.of(executable().getAbsolutePath()));
        if (!sentinelConfig.isEmpty()) {
            Path config = workDirectory.resolve("sentinel.conf");
            if (!Files.exists(config)) {
                Files.write(config, sentinelConfig);
            }
            command.addAll(List.of(config.toString(), "--sentinel"));
        }
        command.addAll(List.of(
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
                "notice"));
        command.addAll(extraArguments);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDirectory.resolve("redis.log").toFile())
                .start();
        frozen = false;
        awaitListening();
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
        try (var files = Files.list(workDirectory)) {
            // the log, a Sentinel's configuration, a replica's copy of its primary's data
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
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
                throw new IllegalStateException("redis on port " + port + " did not end within 30 s");
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

    /**
     * Waits until the server logs that it listens, which it does only after binding every port it was given; a port
     * another process holds makes it log that and exit. Pinging the port instead could reach that other process.
     */
    private void awaitListening() throws IOException {
        Path log = workDirectory.resolve("redis.log");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            if (output.contains(sentinelConfig.isEmpty() ? READY : SENTINEL_READY)) {
                return;
            }
            if (!process.isAlive()) {
                if (output.contains("Address already in use")) {
                    throw new PortInUse("port " + port + (tlsPort == 0 ? "" : " or " + tlsPort) + " in use");
                }
                throw new IOException("redis-server exited with " + process.exitValue() + ": " + output);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis", e);
            }
        }
        kill();
        throw new IOException("redis-server did not listen on port " + port + " within " + START_TIMEOUT);
    }

    /** {@code redis-server} exited because another process holds a port it was given. */
    private static final class PortInUse extends IOException {
        PortInUse(String message) {
            super(message);
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
