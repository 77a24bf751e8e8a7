package dev.bulwark.core.internal.presentation.era2026;

import dev.bulwark.core.ExtensionContext;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.util.Objects;

/**
 * The {@link ExtensionContext} of a {@code tools/call} an extension answers in place of the plain call: its caller,
 * request id and origin. It reports no progress and sends the client no log message, since the answer is the whole of
 * the request. One per request.
 */
record AugmentedCallContext(Principal principal, String requestId, String toolName, RequestOrigin origin)
        implements ExtensionContext {

    AugmentedCallContext {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public void reportProgress(double progress, Double total, String message) {}

    @Override
    public void logToClient(String message) {}
}
