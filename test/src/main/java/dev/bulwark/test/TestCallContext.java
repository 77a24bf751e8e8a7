package dev.bulwark.test;

import dev.bulwark.core.CallContext;
import dev.bulwark.ports.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link CallContext} with a fixed caller and request id that keeps the messages sent to the client. Use it to call
 * a handler directly; use {@link ToolTester} to run a tool through the pipeline. Thread-safe.
 */
public final class TestCallContext implements CallContext {

    private final Principal principal;
    private final String requestId;
    private final String toolName;
    private final List<String> clientLog = new CopyOnWriteArrayList<>();

    /** A call of {@code toolName} by {@code tester} holding {@code scopes}, with request id {@code test-request}. */
    public TestCallContext(String toolName, String... scopes) {
        this(Principal.of("tester", scopes), "test-request", toolName);
    }

    /** A call of {@code toolName} by {@code caller}, with {@code requestId}. */
    public TestCallContext(Principal caller, String requestId, String toolName) {
        this.principal = Objects.requireNonNull(caller, "caller");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.toolName = Objects.requireNonNull(toolName, "toolName");
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String toolName() {
        return toolName;
    }

    @Override
    public void reportProgress(double progress, Double total, String message) {
        clientLog.add("progress " + progress + "/" + total + ": " + message);
    }

    @Override
    public void logToClient(String message) {
        clientLog.add(message);
    }

    /** Progress and log messages sent so far, in order. */
    public List<String> clientLog() {
        return List.copyOf(clientLog);
    }
}
