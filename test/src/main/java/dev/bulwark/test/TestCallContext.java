package dev.bulwark.test;

import dev.bulwark.core.CallContext;
import dev.bulwark.ports.security.Principal;
import java.util.ArrayList;
import java.util.List;

/** A {@link CallContext} for calling a tool's handler directly: a fixed caller, messages kept for assertions. */
public final class TestCallContext implements CallContext {

    private final Principal principal;
    private final String toolName;
    private final List<String> clientLog = new ArrayList<>();

    public TestCallContext(String toolName, String... scopes) {
        this.principal = Principal.of("tester", scopes);
        this.toolName = toolName;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String requestId() {
        return "test-request";
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

    /** Progress and log messages sent so far. */
    public List<String> clientLog() {
        return List.copyOf(clientLog);
    }
}
