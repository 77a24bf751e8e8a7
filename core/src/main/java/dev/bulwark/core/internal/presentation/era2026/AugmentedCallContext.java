package dev.bulwark.core.internal.presentation.era2026;

import dev.bulwark.core.AcceptedCall;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.util.Objects;

/**
 * The {@link ExtensionContext} of a {@code tools/call} an extension accepts to run later: its caller, request id,
 * origin and the accepted call. It reports no progress and sends the client no log message, since the answer is the
 * whole of the request. One per request.
 */
record AugmentedCallContext(
        Principal principal, String requestId, String toolName, RequestOrigin origin, AcceptedCall acceptedCall)
        implements ExtensionContext {

    AugmentedCallContext {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(acceptedCall, "acceptedCall");
    }

    @Override
    public void reportProgress(double progress, Double total, String message) {}

    @Override
    public void logToClient(String message) {}
}
