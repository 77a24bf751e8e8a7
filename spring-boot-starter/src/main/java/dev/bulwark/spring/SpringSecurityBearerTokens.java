package dev.bulwark.spring;

import dev.bulwark.http.auth.BearerTokenVerifier;
import dev.bulwark.http.auth.TokenRejectedException;
import dev.bulwark.ports.security.Principal;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Verifies Bulwark's bearer tokens with the application's Spring Security, and maps the {@link Authentication} it
 * makes to Bulwark's caller: the subject is {@link Authentication#getName()}; the scopes are its authorities, with
 * the {@code SCOPE_} prefix of Spring's JWT scopes stripped and every other authority as it is, but for the
 * authentication factors ({@link FactorGrantedAuthority}, such as {@code FACTOR_BEARER}), which say how the caller
 * signed in rather than what it may do, and {@code *}, dropped as Bulwark's own JWTs drop it. Thread-safe when the application's authentication manager is.
 */
final class SpringSecurityBearerTokens implements BearerTokenVerifier {

    /** The prefix Spring Security's {@code JwtGrantedAuthoritiesConverter} gives the token's scopes. */
    static final String SCOPE_PREFIX = "SCOPE_";

    private static final Logger LOG = LoggerFactory.getLogger(SpringSecurityBearerTokens.class);

    private final AuthenticationManager manager;

    private SpringSecurityBearerTokens(AuthenticationManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    /** Tokens decoded by {@code decoder}, with {@code converter}'s authorities when non-null, else Spring's default. */
    static SpringSecurityBearerTokens of(JwtDecoder decoder, JwtAuthenticationConverter converter) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        if (converter != null) {
            provider.setJwtAuthenticationConverter(converter);
        }
        return new SpringSecurityBearerTokens(new ProviderManager(provider));
    }

    /**
     * Tokens authenticated by {@code manager} as {@link BearerTokenAuthenticationToken}s. A {@link ProviderManager}
     * none of whose own providers takes one gets a warning: its parent may, which it does not show.
     */
    static SpringSecurityBearerTokens of(AuthenticationManager manager) {
        if (manager instanceof ProviderManager providers
                && providers.getProviders().stream()
                        .noneMatch(provider -> provider.supports(BearerTokenAuthenticationToken.class))) {
            LOG.warn("Bulwark verifies bearer JWTs with the application's AuthenticationManager, but none of its"
                    + " AuthenticationProviders supports BearerTokenAuthenticationToken: unless its parent does, every"
                    + " JWT is refused; add a JwtDecoder bean or a JwtAuthenticationProvider");
        }
        return new SpringSecurityBearerTokens(manager);
    }

    @Override
    public Principal verify(String token) throws TokenRejectedException {
        Authentication authentication;
        try {
            authentication = manager.authenticate(new BearerTokenAuthenticationToken(token));
        } catch (AuthenticationServiceException notNow) {
            // the token could not be checked (the keys could not be loaded): not the client's fault
            LOG.atWarn()
                    .addKeyValue("error", notNow.getClass().getSimpleName())
                    .log("Spring Security could not verify a bearer token now; the caller is answered 503");
            throw new TokenRejectedException(
                    TokenRejectedException.KEYS_UNAVAILABLE, "the bearer token cannot be verified now; retry later");
        } catch (AuthenticationException rejected) {
            throw new TokenRejectedException("spring_security_rejected", "the bearer token is not valid");
        }
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new TokenRejectedException("spring_security_rejected", "the bearer token is not valid");
        }
        return principalOf(authentication);
    }

    /** The mapping of the class comment. */
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
            scopes.add(authority.startsWith(SCOPE_PREFIX) ? authority.substring(SCOPE_PREFIX.length()) : authority);
        }
        scopes.remove(Principal.ALL_SCOPES);
        scopes.remove("");
        return new Principal(name, scopes);
    }
}
