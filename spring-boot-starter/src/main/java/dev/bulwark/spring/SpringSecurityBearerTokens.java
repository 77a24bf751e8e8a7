package dev.bulwark.spring;

import dev.bulwark.http.auth.BearerTokenVerifier;
import dev.bulwark.http.auth.TokenRejectedException;
import dev.bulwark.ports.security.Principal;
import java.util.Collection;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Verifies Bulwark's bearer tokens with the application's Spring Security, and maps the {@link Authentication} it
 * makes to Bulwark's caller: the subject is {@link Authentication#getName()}; the scopes are its authorities, with
 * the {@code SCOPE_} prefix of Spring's JWT scopes stripped and every other authority as it is, but for the
 * authentication factors ({@link FactorGrantedAuthority}, such as {@code FACTOR_BEARER}), which say how the caller
 * signed in rather than what it may do, and {@code *}, dropped as Bulwark's own JWTs drop it. A token must name
 * Bulwark's MCP endpoint ({@code bulwark.auth.resource-url}) in its audience, as the server jar's own JWTs must,
 * whatever the application's decoder checks. Thread-safe when the application's authentication manager is.
 */
final class SpringSecurityBearerTokens implements BearerTokenVerifier {

    /** The prefix Spring Security's {@code JwtGrantedAuthoritiesConverter} gives the token's scopes. */
    static final String SCOPE_PREFIX = "SCOPE_";

    private static final Logger LOG = LoggerFactory.getLogger(SpringSecurityBearerTokens.class);

    private final AuthenticationManager manager;
    private final String audience;

    private SpringSecurityBearerTokens(AuthenticationManager manager, String audience) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.audience = Objects.requireNonNull(audience, "audience");
    }

    /**
     * Tokens decoded by {@code decoder}, with {@code converter}'s authorities when non-null, else Spring's default,
     * each naming {@code audience} in {@code aud}.
     */
    static SpringSecurityBearerTokens of(JwtDecoder decoder, JwtAuthenticationConverter converter, String audience) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        if (converter != null) {
            provider.setJwtAuthenticationConverter(converter);
        }
        return new SpringSecurityBearerTokens(new ProviderManager(provider), audience);
    }

    /**
     * Tokens authenticated by {@code manager} as {@link BearerTokenAuthenticationToken}s. A {@link ProviderManager}
     * none of whose own providers takes one gets a warning: its parent may, which it does not show.
     */
    static SpringSecurityBearerTokens of(AuthenticationManager manager, String audience) {
        if (manager instanceof ProviderManager providers
                && providers.getProviders().stream()
                        .noneMatch(provider -> provider.supports(BearerTokenAuthenticationToken.class))) {
            LOG.warn("Bulwark verifies bearer JWTs with the application's AuthenticationManager, but none of its"
                    + " AuthenticationProviders supports BearerTokenAuthenticationToken: unless its parent does, every"
                    + " JWT is refused; add a JwtDecoder bean or a JwtAuthenticationProvider");
        }
        return new SpringSecurityBearerTokens(manager, audience);
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
        requireAudience(authentication, audience);
        return principalOf(authentication);
    }

    /**
     * Refuses a token whose audience does not name {@code audience}, with the server jar's reasons: the audience of
     * a JWT ({@link JwtAuthenticationToken}), or the {@code aud} attribute of another OAuth 2.0 token (an opaque
     * token's introspection); a token that shows none is refused as lacking the claim.
     */
    static void requireAudience(Authentication authentication, String audience) throws TokenRejectedException {
        Object aud = null;
        if (authentication instanceof JwtAuthenticationToken jwt) {
            aud = jwt.getToken().getAudience();
        } else if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
            aud = token.getTokenAttributes().get(OAuth2TokenIntrospectionClaimNames.AUD);
        }
        if (aud == null || (aud instanceof Collection<?> none && none.isEmpty())) {
            throw new TokenRejectedException(
                    "missing_claims", "the bearer token lacks a required claim (sub, exp, aud)");
        }
        boolean named = aud instanceof Collection<?> values
                ? values.stream().anyMatch(value -> audience.equals(String.valueOf(value)))
                : audience.equals(String.valueOf(aud));
        if (!named) {
            throw new TokenRejectedException(
                    "wrong_audience",
                    "the bearer token was not issued for this server (aud must name its resource URL)");
        }
    }

    /** The mapping of the class comment ({@link SpringSecurityCallers#principalOf}). */
    static Principal principalOf(Authentication authentication) throws TokenRejectedException {
        return SpringSecurityCallers.principalOf(authentication);
    }

    /** Whether {@code authentication} is made from an OAuth 2.0 token, whose audience can be checked. */
    static boolean isToken(Authentication authentication) {
        return authentication instanceof AbstractOAuth2TokenAuthenticationToken<?>;
    }
}
