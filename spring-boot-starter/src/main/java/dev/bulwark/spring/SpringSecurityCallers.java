package dev.bulwark.spring;

import dev.bulwark.http.auth.TokenRejectedException;
import dev.bulwark.ports.security.Principal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.util.ClassUtils;

/**
 * The caller of a request to the web door as the application's Spring Security authenticated it, mapped by
 * {@link #principalOf}; none for an anonymous or unauthenticated request. Thread-safe.
 */
final class SpringSecurityCallers implements Function<HttpServletRequest, Optional<Principal>> {

    private static final Logger LOG = LoggerFactory.getLogger(SpringSecurityCallers.class);

    /** Whether Spring Security's OAuth 2.0 resource server is present: only its tokens carry an audience. */
    static final boolean OAUTH2 = ClassUtils.isPresent(
            "org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken",
            SpringSecurityCallers.class.getClassLoader());

    private final Optional<String> audience;

    /**
     * @param audience the resource URL ({@code bulwark.auth.resource-url}) an OAuth 2.0 token must name in
     *     {@code aud}, as on Bulwark's own port; empty when none is set
     */
    SpringSecurityCallers(Optional<String> audience) {
        this.audience = audience;
    }

    /** The callers of {@code new SpringSecurityCallers(audience)}, typed so a caller need not load Spring Security. */
    static Function<HttpServletRequest, Optional<Principal>> of(Optional<String> audience) {
        return new SpringSecurityCallers(audience);
    }

    @Override
    public Optional<Principal> apply(HttpServletRequest request) {
        if (!(request.getUserPrincipal() instanceof Authentication authentication)
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        try {
            if (audience.isPresent() && OAUTH2 && SpringSecurityBearerTokens.isToken(authentication)) {
                SpringSecurityBearerTokens.requireAudience(authentication, audience.get());
            }
            return Optional.of(principalOf(authentication));
        } catch (TokenRejectedException rejected) {
            LOG.debug("A caller authenticated by Spring Security was refused: {}", rejected.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The caller {@code authentication} names: the subject is {@link Authentication#getName()}; the scopes are its
     * authorities, with the {@code SCOPE_} prefix of Spring's JWT scopes stripped and every other authority as it is,
     * but for the authentication factors ({@link FactorGrantedAuthority}, such as {@code FACTOR_BEARER}), which say
     * how the caller signed in rather than what it may do, and {@code *}, dropped as Bulwark's own JWTs drop it.
     */
    static Principal principalOf(Authentication authentication) throws TokenRejectedException {
        String name = authentication.getName();
        if (name == null || name.isBlank()) {
            throw new TokenRejectedException("missing_claims", "the bearer token names no caller (sub)");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            String authority = granted.getAuthority();
            if (granted instanceof FactorGrantedAuthority || authority == null || authority.isBlank()) {
                continue;
            }
            scopes.add(
                    authority.startsWith(SpringSecurityBearerTokens.SCOPE_PREFIX)
                            ? authority.substring(SpringSecurityBearerTokens.SCOPE_PREFIX.length())
                            : authority);
        }
        scopes.remove(Principal.ALL_SCOPES);
        scopes.remove("");
        return new Principal(name, scopes);
    }
}
