package dev.bulwark.spring;

import dev.bulwark.ports.security.Principal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.function.Function;

/**
 * The caller of a request to the web door: the one Bulwark's own credential check put on the request, else the one
 * the application's security authenticated. Thread-safe.
 */
final class WebCallers implements Function<HttpServletRequest, Optional<Principal>> {

    /** The request attribute {@link BulwarkCredentialFilter} puts the caller it admitted in. */
    static final String CALLER = WebCallers.class.getName() + ".caller";

    private final Function<HttpServletRequest, Optional<Principal>> application;

    /** @param application the caller the application's security authenticated; empty when none did */
    WebCallers(Function<HttpServletRequest, Optional<Principal>> application) {
        this.application = application;
    }

    @Override
    public Optional<Principal> apply(HttpServletRequest request) {
        if (request.getAttribute(CALLER) instanceof Principal checked) {
            return Optional.of(checked);
        }
        return application.apply(request);
    }
}
