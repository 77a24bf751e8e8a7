package dev.bulwark.mcpclient;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP client transport to a child process on its standard input and output, one JSON-RPC message a line. The
 * child gets only the environment it is given, in the working directory it is given; a line longer than the cap is
 * dropped unread and reported, and the child's standard error reaches the debug log only. Thread-safe.
 */
final class ChildProcessTransport implements McpClientTransport {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessTransport.class);
    private static final int MAX_STDERR_LINE = 4096;

    private final String upstream;
    private final ProcessBuilder builder;
    private final McpJsonMapper mapper;
    private final long maxLineBytes;
    private final Runnable onOversize;
    private final Object writeLock = new Object();
    private final CompletableFuture<Void> exited = new CompletableFuture<>();
    private volatile Process process;
    /** Where each message read goes; replaced when a second client takes over the running child. */
    private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler;

    /**
     * @param command the program and its arguments
     * @param environment every variable the child gets; nothing of Bulwark's own environment is added
     * @param onOversize run when a message longer than {@code maxLineBytes} is dropped
     */
    ChildProcessTransport(
            String upstream,
            List<String> command,
            Map<String, String> environment,
            java.util.Optional<java.nio.file.Path> workingDirectory,
            McpJsonMapper mapper,
            long maxLineBytes,
            Runnable onOversize) {
        this.upstream = upstream;
        this.builder = new ProcessBuilder(new ArrayList<>(command));
        this.builder.environment().clear();
        this.builder.environment().putAll(environment);
        workingDirectory.ifPresent(directory -> builder.directory(directory.toFile()));
        this.mapper = mapper;
        this.maxLineBytes = maxLineBytes;
        this.onOversize = onOversize;
    }

    /**
     * Starts the child, its messages read to {@code handler}; when it is already running, its messages go to
     * {@code handler} from now on (so that the SDK's session can follow a {@code server/discover} the child refused).
     */
    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> {
            this.handler = handler;
            if (process != null) {
                return;
            }
            try {
                process = builder.start();
            } catch (IOException e) {
                exited.complete(null);
                throw new IllegalStateException("upstream " + upstream + ": its command could not be started", e);
            }
            process.onExit().thenRun(() -> exited.complete(null));
            Thread reader = new Thread(() -> readMessages(process.getInputStream()), "upstream-" + upstream);
            reader.setDaemon(true);
            reader.start();
            Thread errors = new Thread(() -> readErrors(process.getErrorStream()), "upstream-" + upstream + "-stderr");
            errors.setDaemon(true);
            errors.start();
        });
    }

    /** Completes when the child has exited (or never started). */
    CompletableFuture<Void> exited() {
        return exited;
    }

    private void readMessages(InputStream in) {
        try (in) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean dropping = false;
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    if (!dropping) {
                        line.write(buffer, start, i - start);
                        if (line.size() > maxLineBytes) {
                            oversize();
                        } else {
                            deliver(line.toString(StandardCharsets.UTF_8));
                        }
                    }
                    line.reset();
                    dropping = false;
                    start = i + 1;
                }
                if (!dropping) {
                    line.write(buffer, start, read - start);
                    if (line.size() > maxLineBytes) {
                        line.reset();
                        dropping = true;
                        oversize();
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("Upstream {}: its output closed: {}", upstream, e.toString());
        }
    }

    private void oversize() {
        LOG.warn("Upstream {} sent a message over {} bytes; it was dropped unread", upstream, maxLineBytes);
        onOversize.run();
    }

    private void deliver(String text) {
        if (text.isBlank()) {
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(mapper, text);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Upstream {} wrote a line that is not a JSON-RPC message; it was ignored", upstream);
            return;
        }
        handler.apply(Mono.just(message))
                .subscribe(
                        handled -> {},
                        error -> LOG.debug("Upstream {}: a message was not handled: {}", upstream, error.toString()));
    }

    private void readErrors(InputStream in) {
        try (in) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    LOG.debug("Upstream {} stderr: {}", upstream, line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else if (line.size() < MAX_STDERR_LINE) {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            LOG.debug("Upstream {}: its standard error closed", upstream);
        }
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            Process running = process;
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException("upstream " + upstream + " is not running");
            }
            try {
                byte[] bytes = (mapper.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
                synchronized (writeLock) {
                    OutputStream out = running.getOutputStream();
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException("upstream " + upstream + ": its input is closed", e);
            }
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::stop);
    }

    /** Closes the child's input, waits a moment for it to end, then ends it and its descendants. */
    void stop() {
        Process running = process;
        if (running == null) {
            exited.complete(null);
            return;
        }
        try {
            running.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("Upstream {}: its input was already closed", upstream);
        }
        try {
            if (!running.waitFor(2, TimeUnit.SECONDS)) {
                running.descendants().forEach(ProcessHandle::destroy);
                running.destroy();
                if (!running.waitFor(2, TimeUnit.SECONDS)) {
                    running.descendants().forEach(ProcessHandle::destroyForcibly);
                    running.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }
}
