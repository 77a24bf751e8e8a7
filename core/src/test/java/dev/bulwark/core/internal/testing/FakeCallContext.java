package dev.bulwark.core.internal.testing;

import dev.bulwark.core.CallContext;
import dev.bulwark.ports.security.Principal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link CallContext} for core's tests: a fixed caller and request id; messages to the client are kept for
 * checking. Thread-safe. Every other module's tests use the test kit's {@code dev.bulwark.test.TestCallContext} or
 * {@code ToolTester}; core keeps this one because the kit depends on core, so core's tests cannot depend on the kit.
 */
public final class FakeCallContext implements CallContext {

    private final Principal principal;
    private final String requestId;
    private final String toolName;
    private final List<String> clientLog = new CopyOnWriteArrayList<>();

    public FakeCallContext(Principal principal, String requestId, String toolName) {
        this.principal = principal;
        this.requestId = requestId;
        this.toolName = toolName;
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
        clientLog.add("progress " + progress);
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
