package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.CallContext;
import dev.bulwark.ports.security.Principal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CallContext} for tests: a fixed caller and request id; messages to the client are kept for checking. */
final class FakeCallContext implements CallContext {

    private final Principal principal;
    private final String requestId;
    private final String toolName;
    final List<String> clientLog = new CopyOnWriteArrayList<>();

    FakeCallContext(Principal principal, String requestId, String toolName) {
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
}
