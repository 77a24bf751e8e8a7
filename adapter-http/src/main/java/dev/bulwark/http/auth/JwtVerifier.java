package dev.bulwark.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.bulwark.ports.security.Principal;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies JWT bearer tokens as an OAuth 2.1 resource server, as {@link AuthSettings} say: HS256 with the shared
 * secret, RS256/ES256 with the JWKS URL's keys, the issuer and audience ({@code auth.resource-url}) every token must
 * name, and the clock skew allowed on expiry and not-before. Thread-safe.
 */
public final class JwtVerifier implements BearerTokenVerifier {

    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** The {@code typ} headers accepted: JWT, the access-token types of RFC 9068, or none ({@code null}). */
    private static final Set<JOSEObjectType> ACCEPTED_TYPES = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null)));

    private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(2);
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);
    /** How often, at most, a JWKS that cannot be loaded is logged: every token verified meanwhile would repeat it. */
    private static final long KEYS_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final AuthSettings settings;
    /** The JWKS, when one is configured; {@code null} otherwise. */
    private final LoadTracking jwks;

    private final AtomicLong lastKeysWarning = new AtomicLong(System.nanoTime() - KEYS_WARNING_INTERVAL_NANOS);

    /**
     * @throws IllegalArgumentException when {@code settings} accept no tokens, or lack the issuer or the audience
     */
    public JwtVerifier(AuthSettings settings) {
        this(settings, JWKS_TIMEOUT);
    }

    /**
     * @param jwksTimeout how long a JWKS fetch may take to connect and to read: the tests' own JWKS server, on a
     *     loaded machine, may need longer than a real one is given
     */
    JwtVerifier(AuthSettings settings, Duration jwksTimeout) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (!settings.acceptsTokens()) {
            throw new IllegalArgumentException("JWT verification needs an HS256 secret, a JWKS URL, or both");
        }
        String issuer = settings.issuer()
                .filter(text -> !text.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("JWT verification needs the issuer (auth.issuer)"));
        String audience = settings.resourceUrl()
                .orElseThrow(
                        () -> new IllegalArgumentException("JWT verification needs the audience (auth.resource-url)"));
        JWSKeySelector<SecurityContext> hmac = settings.jwtSecret()
                .<JWSKeySelector<SecurityContext>>map(secret -> new SingleKeyJWSKeySelector<>(
                        JWSAlgorithm.HS256, new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")))
                .orElse(null);
        this.jwks = settings.jwksUrl()
                .map(url -> new LoadTracking(jwks(URI.create(url), jwksTimeout)))
                .orElse(null);
        JWSKeySelector<SecurityContext> asymmetric =
                jwks == null ? null : new JWSVerificationKeySelector<>(ASYMMETRIC, jwks);
        processor.setJWSKeySelector(new ByAlgorithm(hmac, asymmetric));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCEPTED_TYPES));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(audience), new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"), null);
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * The principal of a valid token.
     *
     * @throws TokenRejectedException with a fixed, client-safe message when the token is not valid
     */
    @Override
    public Principal verify(String token) throws TokenRejectedException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejectedException("malformed", "the bearer token is not a well-formed JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new TokenRejectedException("unsigned", "unsigned tokens (alg: none) are refused");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new TokenRejectedException("encrypted", "encrypted tokens are not accepted; send a signed JWT");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJWTException e) {
            throw claimsProblem(e);
        } catch (BadJWSException e) {
            throw new TokenRejectedException("bad_signature", "the bearer token's signature is not valid");
        } catch (BadJOSEException e) {
            throw keyProblem(signed.getHeader());
        } catch (RateLimitReachedException e) {
            // Nimbus refused to fetch the JWKS again so soon. When the last fetch loaded it, the keys are known and
            // none is this one; when it failed, the keys cannot be loaded (an outage), which is not the token's fault.
            if (jwks != null && jwks.failing()) {
                throw keysUnavailable(e);
            }
            throw keyProblem(signed.getHeader());
        } catch (KeySourceException e) {
            throw keysUnavailable(e);
        } catch (JOSEException e) {
            throw new TokenRejectedException("bad_signature", "the bearer token's signature could not be verified");
        }
        return principalOf(claims);
    }

    private TokenRejectedException keysUnavailable(KeySourceException e) {
        warnKeysUnavailable(e);
        return new TokenRejectedException(
                TokenRejectedException.KEYS_UNAVAILABLE,
                "the server could not load the keys to verify the bearer token; try again shortly");
    }

    /**
     * Says in the diagnostic log, at most every ten seconds, that the JWKS could not be loaded and why (by the
     * cause's type: its message may name the URL's host); the callers get 503 and the audit stream a line each.
     */
    private void warnKeysUnavailable(KeySourceException e) {
        long now = System.nanoTime();
        long last = lastKeysWarning.get();
        if (now - last >= KEYS_WARNING_INTERVAL_NANOS && lastKeysWarning.compareAndSet(last, now)) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn(
                    "The JWKS (auth.jwks-url) could not be loaded ({}): bearer tokens it should verify get 503"
                            + " until it can",
                    cause.getClass().getSimpleName());
        }
    }

    private TokenRejectedException keyProblem(JWSHeader header) {
        if (!ACCEPTED_TYPES.contains(header.getType())) {
            return new TokenRejectedException("wrong_type", "the bearer token's typ header is not JWT or at+jwt");
        }
        JWSAlgorithm alg = header.getAlgorithm();
        if (JWSAlgorithm.HS256.equals(alg) && settings.jwtSecret().isPresent()
                || ASYMMETRIC.contains(alg) && settings.jwksUrl().isPresent()) {
            return new TokenRejectedException(
                    "unknown_key", "no key of this server matches the bearer token's key" + " id and algorithm");
        }
        return new TokenRejectedException(
                "algorithm_not_accepted",
                "the bearer token's algorithm is not accepted" + " here (accepted: " + acceptedAlgorithms()
                        + ")"); // its alg is the caller's text: never quoted
    }

    private String acceptedAlgorithms() {
        Set<String> accepted = new LinkedHashSet<>();
        settings.jwtSecret().ifPresent(secret -> accepted.add("HS256"));
        settings.jwksUrl().ifPresent(url -> accepted.addAll(List.of("RS256", "ES256")));
        return String.join(", ", accepted);
    }

    private static TokenRejectedException claimsProblem(BadJWTException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("missing required")) {
            return new TokenRejectedException(
                    "missing_claims", "the bearer token lacks a required claim (sub, exp, aud)");
        }
        if (message.contains("Expired")) {
            return new TokenRejectedException("expired", "the bearer token has expired");
        }
        if (message.contains("before use time")) {
            return new TokenRejectedException("not_yet_valid", "the bearer token is not valid yet (nbf)");
        }
        // By Nimbus's own words at the start of its message: the rest quotes the token's claims, which the caller
        // chose (an issuer https://aud.example would otherwise read as an audience problem).
        if (message.startsWith("JWT iss claim")) {
            return new TokenRejectedException(
                    "wrong_issuer", "the bearer token comes from an issuer this server" + " does not trust");
        }
        if (message.startsWith("JWT aud claim")) {
            return new TokenRejectedException(
                    "wrong_audience",
                    "the bearer token was not issued for this server (aud must name its resource URL)");
        }
        return new TokenRejectedException("invalid_claims", "the bearer token's claims are not valid");
    }

    private static Principal principalOf(JWTClaimsSet claims) throws TokenRejectedException {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new TokenRejectedException("missing_claims", "the bearer token has no subject (sub)");
        }
        Set<String> scopes = new LinkedHashSet<>();
        Object scope = claims.getClaim("scope");
        Object scp = claims.getClaim("scp");
        for (Object value : new Object[] {scope, scp}) {
            if (value instanceof String text) {
                scopes.addAll(Arrays.asList(text.trim().split("\\s+")));
            } else if (value instanceof List<?> list) {
                list.forEach(item -> scopes.add(String.valueOf(item)));
            }
        }
        scopes.remove("");
        // "*" (every scope) is the operator's to grant, to API keys and local callers; a token's scopes are only
        // those this server names, so an authorization server passing a client's scope string through cannot mint it.
        scopes.remove(Principal.ALL_SCOPES);
        return new Principal(subject, scopes);
    }

    private static JWKSource<SecurityContext> jwks(URI url, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        try {
            return JWKSourceBuilder.create(url.toURL(), new DefaultResourceRetriever(millis, millis, JWKS_SIZE_LIMIT))
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the JWKS URL is not a valid URL");
        }
    }

    /**
     * The JWKS source, remembering whether its last load failed: Nimbus then refuses to try again for a while with a
     * {@link RateLimitReachedException}, which alone cannot tell an outage from an unknown key id. Thread-safe.
     */
    private static final class LoadTracking implements JWKSource<SecurityContext> {
        private final JWKSource<SecurityContext> keys;
        private volatile boolean failing;

        LoadTracking(JWKSource<SecurityContext> keys) {
            this.keys = keys;
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
            try {
                List<JWK> found = keys.get(selector, context);
                failing = false;
                return found;
            } catch (RateLimitReachedException e) {
                throw e; // no load was tried: the last outcome stands
            } catch (KeySourceException e) {
                failing = true;
                throw e;
            }
        }

        boolean failing() {
            return failing;
        }
    }

    /**
     * Picks the keys by the token's algorithm: HS256 only with the shared secret, RS256/ES256 only with the JWKS.
     * Any other algorithm, or one whose kind of key is not configured, gets no key and is refused.
     */
    private record ByAlgorithm(JWSKeySelector<SecurityContext> hmac, JWSKeySelector<SecurityContext> asymmetric)
            implements JWSKeySelector<SecurityContext> {
        @Override
        public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
            JWSAlgorithm alg = header.getAlgorithm();
            if (JWSAlgorithm.HS256.equals(alg) && hmac != null) {
                return hmac.selectJWSKeys(header, context);
            }
            if (ASYMMETRIC.contains(alg) && asymmetric != null) {
                return asymmetric.selectJWSKeys(header, context);
            }
            return List.of();
        }
    }
}
