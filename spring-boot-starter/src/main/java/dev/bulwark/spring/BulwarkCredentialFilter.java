package dev.bulwark.spring;

import dev.bulwark.http.auth.Authenticator;
import dev.bulwark.http.auth.CredentialGate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Objects;

/**
 * Checks Bulwark's API keys and JWTs in front of the MCP path of an application without Spring Security, as the
 * server jar's port does: the caller it admits is put on the request for {@link WebCallers}. Thread-safe.
 */
final class BulwarkCredentialFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient WebDoorAuth auth;

    BulwarkCredentialFilter(WebDoorAuth auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!auth.isMcp(request) || "OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        CredentialGate.Decision decision = auth.gate()
                .decide(
                        auth.client(request),
                        request.getQueryString(),
                        Collections.list(request.getHeaders("Authorization")),
                        Collections.list(request.getHeaders(Authenticator.API_KEY_HEADER)),
                        () -> auth.metadataUrl(request));
        if (decision instanceof CredentialGate.Admitted admitted) {
            request.setAttribute(WebCallers.CALLER, admitted.principal());
            chain.doFilter(request, response);
            return;
        }
        auth.answer(response, (CredentialGate.Refused) decision);
    }
}
