package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.core.Root;
import dev.bulwark.core.SamplingResult;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * The {@link ExtensionContext} of a call whose context no transport made (a test's, say): its origin names only its
 * caller. Not shared between calls.
 */
final class ExtensionCallContext implements ExtensionContext {

    private final CallContext call;
    private final RequestOrigin origin;

    private ExtensionCallContext(CallContext call) {
        this.call = call;
        this.origin = RequestOrigin.of(call.principal());
    }

    /** {@code context} as an extension's context: itself when it is one. */
    static ExtensionContext of(CallContext context) {
        return context instanceof ExtensionContext extension ? extension : new ExtensionCallContext(context);
    }

    @Override
    public RequestOrigin origin() {
        return origin;
    }

    @Override
    public Principal principal() {
        return call.principal();
    }

    @Override
    public String requestId() {
        return call.requestId();
    }

    @Override
    public String toolName() {
        return call.toolName();
    }

    @Override
    public boolean runsAsTask() {
        return call.runsAsTask();
    }

    @Override
    public boolean isCancelled() {
        return call.isCancelled();
    }

    @Override
    public void reportProgress(double progress, Double total, String message) {
        call.reportProgress(progress, total, message);
    }

    @Override
    public void logToClient(String message) {
        call.logToClient(message);
    }

    @Override
    public boolean logToClient(String level, String logger, String message) {
        return call.logToClient(level, logger, message);
    }

    @Override
    public boolean canAskClient(String feature) {
        return call.canAskClient(feature);
    }

    @Override
    public SamplingResult sample(String prompt, int maxTokens) {
        return call.sample(prompt, maxTokens);
    }

    @Override
    public ElicitationResult elicit(String message, Map<String, Object> requestedSchema) {
        return call.elicit(message, requestedSchema);
    }

    @Override
    public List<Root> roots() {
        return call.roots();
    }

    @Override
    public ClientAnswers ask(ClientRequest... requests) {
        return call.ask(requests);
    }
}
