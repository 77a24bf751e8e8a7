package dev.bulwark.spring;

import dev.bulwark.http.auth.CredentialGate;
import dev.bulwark.http.auth.ScopeChallenge;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.security.Principal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Answers with 403 {@code insufficient_scope}, audited and counted as the server jar's port does, a request to the web
 * door by a caller without the endpoint's required scopes, and a {@code tools/call} whose tool needs scopes the caller
 * lacks. Thread-safe.
 */
final class WebScopeChallenge implements McpServlet.Admission {

    private final WebDoorAuth auth;

    WebScopeChallenge(WebDoorAuth auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    @Override
    public boolean admit(HttpServletRequest request, HttpServletResponse response, Principal caller, Object message)
            throws IOException {
        String tool = ScopeChallenge.calledTool(message);
        if (tool == null && auth.requiredScopes().isEmpty()) {
            return true;
        }
        Supplier<String> requestId = () -> {
            String header = request.getHeader("X-Request-Id");
            return tool == null || (header != null && !header.isBlank())
                    ? header
                    : UUID.randomUUID().toString();
        };
        ProtocolEra era = ScopeChallenge.eraOf(request.getHeader(Era2026Requests.PROTOCOL_VERSION_HEADER), message);
        Optional<CredentialGate.Refused> refusal = ScopeChallenge.endpointRefusal(
                caller, auth.requiredScopes(), auth.path(), tool, requestId, era, () -> auth.metadataUrl(request));
        if (refusal.isEmpty() && tool != null) {
            refusal = auth.scopes().refusal(caller, tool, requestId, era, () -> auth.metadataUrl(request));
        }
        if (refusal.isEmpty()) {
            return true;
        }
        auth.answer(response, refusal.get());
        return false;
    }
}
