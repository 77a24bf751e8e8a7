package dev.bulwark.spring;

import dev.bulwark.http.auth.CredentialGate;
import dev.bulwark.http.auth.ScopeChallenge;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.security.Principal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers a {@code tools/call} at the web door whose tool needs scopes the caller lacks with 403
 * {@code insufficient_scope}, audited and counted, as the server jar's port does. Thread-safe.
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
        if (tool == null) {
            return true;
        }
        String requestId = request.getHeader("X-Request-Id");
        Optional<CredentialGate.Refused> refusal = auth.scopes()
                .refusal(
                        caller,
                        tool,
                        requestId == null || requestId.isBlank()
                                ? UUID.randomUUID().toString()
                                : requestId,
                        ScopeChallenge.eraOf(request.getHeader(Era2026Requests.PROTOCOL_VERSION_HEADER), message),
                        () -> auth.metadataUrl(request));
        if (refusal.isEmpty()) {
            return true;
        }
        auth.answer(response, refusal.get());
        return false;
    }
}
