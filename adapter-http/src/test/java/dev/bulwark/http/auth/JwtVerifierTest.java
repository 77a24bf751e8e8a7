package dev.bulwark.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JwtVerifierTest {

    private static final String AUDIENCE = "https://mcp.example.com/mcp";

    private final JwksServer jwks = new JwksServer(List.of(Tokens.RSA, Tokens.EC));

    @AfterEach
    void stopJwks() {
        jwks.close();
    }

    /** Settings accepting tokens of {@link Tokens#ISSUER} for {@link #AUDIENCE}. */
    private static AuthSettings settings(Optional<String> secret, Optional<java.net.URI> jwksUrl, Duration clockSkew) {
        return AuthSettings.builder()
                .jwtSecret(secret)
                .jwksUrl(jwksUrl.map(java.net.URI::toString))
                .issuer(Optional.of(Tokens.ISSUER))
                .resourceUrl(Optional.of(AUDIENCE))
                .clockSkew(clockSkew)
                .build();
    }

    /** The local JWKS server answers in milliseconds, but a loaded machine can stall it past the usual 2 s. */
    private static final Duration JWKS_FETCH_TIMEOUT = Duration.ofSeconds(30);

    private JwtVerifier both() {
        return new JwtVerifier(
                settings(Optional.of(Tokens.HS_SECRET), Optional.of(jwks.url()), Duration.ofSeconds(60)),
                JWKS_FETCH_TIMEOUT);
    }

    private JwtVerifier jwksOnly() {
        return new JwtVerifier(
                settings(Optional.empty(), Optional.of(jwks.url()), Duration.ofSeconds(60)), JWKS_FETCH_TIMEOUT);
    }

    private JwtVerifier hmacOnly() {
        return new JwtVerifier(settings(Optional.of(Tokens.HS_SECRET), Optional.empty(), Duration.ofSeconds(60)));
    }

    private static JWTClaimsSet valid() {
        return Tokens.claims(AUDIENCE, "tools:read users:write").build();
    }

    private static String reasonOf(JwtVerifier verifier, String token) {
        try {
            verifier.verify(token);
        } catch (TokenRejectedException e) {
            return e.reason();
        }
        throw new AssertionError("the token was accepted");
    }

    @Test
    void acceptsAValidHs256TokenWithItsSubjectAndScopes() throws Exception {
        Principal principal = both().verify(Tokens.hs256(valid()));

        assertThat(principal.subject()).isEqualTo("alice");
        assertThat(principal.scopes()).containsExactlyInAnyOrder("tools:read", "users:write");
    }

    @Test
    void acceptsAValidRs256TokenWithAKeyFromTheJwks() throws Exception {
        assertThat(jwksOnly().verify(Tokens.rs256(Tokens.RSA, valid())).subject())
                .isEqualTo("alice");
    }

    @Test
    void acceptsAValidEs256TokenWithAKeyFromTheJwks() throws Exception {
        assertThat(jwksOnly().verify(Tokens.es256(Tokens.EC, valid())).subject())
                .isEqualTo("alice");
    }

    @Test
    void readsScopesFromAnScpList() throws Exception {
        JWTClaimsSet claims = Tokens.with(Tokens.claims(AUDIENCE, null), b -> b.claim("scp", List.of("a", "b")));

        assertThat(hmacOnly().verify(Tokens.hs256(claims)).scopes()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aTokensWildcardScopeGrantsNothing() throws Exception {
        JWTClaimsSet claims = Tokens.with(Tokens.claims(AUDIENCE, "* tools:read"), b -> b.claim("scp", List.of("*")));

        Principal principal = hmacOnly().verify(Tokens.hs256(claims));

        assertThat(principal.scopes()).containsExactly("tools:read");
        assertThat(principal.hasScope("users:write")).isFalse();
    }

    @Test
    void refusesAnExpiredToken() {
        JWTClaimsSet claims = Tokens.with(
                Tokens.claims(AUDIENCE, "x"),
                b -> b.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))));

        assertThat(reasonOf(hmacOnly(), Tokens.hs256(claims))).isEqualTo("expired");
    }

    @Test
    void acceptsATokenExpiredWithinTheClockSkew() throws Exception {
        JWTClaimsSet claims = Tokens.with(
                Tokens.claims(AUDIENCE, "x"),
                b -> b.expirationTime(Date.from(Instant.now().minus(Duration.ofSeconds(20)))));

        assertThat(hmacOnly().verify(Tokens.hs256(claims)).subject()).isEqualTo("alice");
    }

    @Test
    void refusesATokenNotValidYet() {
        JWTClaimsSet claims = Tokens.with(
                Tokens.claims(AUDIENCE, "x"),
                b -> b.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(3)))));

        assertThat(reasonOf(hmacOnly(), Tokens.hs256(claims))).isEqualTo("not_yet_valid");
    }

    @Test
    void refusesATokenForAnotherAudience() {
        assertThat(reasonOf(
                        hmacOnly(),
                        Tokens.hs256(Tokens.claims("https://other.example.com/mcp", "x")
                                .build())))
                .isEqualTo("wrong_audience");
    }

    @Test
    void refusesATokenFromAnotherIssuer() {
        JWTClaimsSet claims = Tokens.with(Tokens.claims(AUDIENCE, "x"), b -> b.issuer("https://evil.test"));

        assertThat(reasonOf(hmacOnly(), Tokens.hs256(claims))).isEqualTo("wrong_issuer");
    }

    @Test
    void anIssuerWhoseNameHoldsAudIsStillAWrongIssuer() {
        JWTClaimsSet claims = Tokens.with(Tokens.claims(AUDIENCE, "x"), b -> b.issuer("https://claudia.example"));

        assertThat(reasonOf(hmacOnly(), Tokens.hs256(claims))).isEqualTo("wrong_issuer");
    }

    @Test
    void refusesATokenWithoutExpiry() {
        JWTClaimsSet claims = Tokens.with(Tokens.claims(AUDIENCE, "x"), b -> b.expirationTime(null));

        assertThat(reasonOf(hmacOnly(), Tokens.hs256(claims))).isEqualTo("missing_claims");
    }

    @Test
    void refusesATokenWithoutSubject() {
        JWTClaimsSet claims = Tokens.with(Tokens.claims(AUDIENCE, "x"), b -> b.subject(null));

        assertThat(reasonOf(hmacOnly(), Tokens.hs256(claims))).isEqualTo("missing_claims");
    }

    @Test
    void refusesAnUnsignedToken() {
        assertThat(reasonOf(both(), Tokens.unsigned(valid()))).isEqualTo("unsigned");
    }

    @Test
    void refusesATamperedToken() {
        String token = Tokens.hs256(valid());
        String[] parts = token.split("\\.");
        String forged = parts[0] + "."
                + Tokens.hs256(Tokens.with(Tokens.claims(AUDIENCE, "*"), b -> b))
                        .split("\\.")[1] + "." + parts[2];

        assertThat(reasonOf(hmacOnly(), forged)).isEqualTo("bad_signature");
    }

    @Test
    void refusesAnHs256TokenSignedWithTheRsaPublicKeyWhenOnlyJwksIsConfigured() {
        assertThat(reasonOf(jwksOnly(), Tokens.hs256WithRsaPublicKey(valid()))).isEqualTo("algorithm_not_accepted");
    }

    @Test
    void refusesAnHs256TokenSignedWithTheRsaPublicKeyWhenBothAreConfigured() {
        assertThat(reasonOf(both(), Tokens.hs256WithRsaPublicKey(valid()))).isEqualTo("bad_signature");
    }

    @Test
    void refusesAnRs256TokenWhenOnlyTheSharedSecretIsConfigured() {
        assertThat(reasonOf(hmacOnly(), Tokens.rs256(Tokens.RSA, valid()))).isEqualTo("algorithm_not_accepted");
    }

    @Test
    void anAlgorithmNotAcceptedIsNotQuotedBackSinceTheCallerWroteIt() {
        assertThatThrownBy(() -> hmacOnly().verify(Tokens.rs256(Tokens.RSA, valid())))
                .isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("the bearer token's algorithm is not accepted here (accepted: HS256)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("RS256"));
    }

    @Test
    void refusesATokenSignedByAKeyTheJwksDoesNotHold() {
        assertThat(reasonOf(jwksOnly(), Tokens.rs256(Tokens.OTHER_RSA, valid())))
                .isEqualTo("unknown_key");
    }

    @Test
    void keysTheJwksDoesNotHoldStayUnknownKeysWhenTheRefetchesAreSpent() {
        JwtVerifier verifier = jwksOnly();

        for (int i = 0; i < 5; i++) {
            assertThat(reasonOf(verifier, Tokens.rs256(Tokens.OTHER_RSA, valid())))
                    .isEqualTo("unknown_key");
        }
    }

    @Test
    void refetchesTheJwksWhenAKeyIdIsUnknownAndAcceptsTheRotatedKey() throws Exception {
        JwtVerifier verifier = jwksOnly();
        verifier.verify(Tokens.rs256(Tokens.RSA, valid()));
        int fetchesBefore = jwks.fetches();
        jwks.publish(List.of(Tokens.RSA, Tokens.OTHER_RSA));

        Principal principal = verifier.verify(Tokens.rs256(Tokens.OTHER_RSA, valid()));

        assertThat(principal.subject()).isEqualTo("alice");
        assertThat(jwks.fetches()).isGreaterThan(fetchesBefore);
    }

    @Test
    void saysTheKeysAreUnavailableWhenTheJwksCannotBeFetched() {
        try (DownEndpoint down = new DownEndpoint()) {
            JwtVerifier verifier = new JwtVerifier(
                    settings(Optional.empty(), Optional.of(down.url("/jwks.json")), Duration.ofSeconds(60)));

            assertThat(reasonOf(verifier, Tokens.rs256(Tokens.RSA, valid()))).isEqualTo("keys_unavailable");
        }
    }

    @Test
    void aJwksThatCannotBeFetchedIsWarnedAboutOnceForManyTokens() {
        Logger log = (Logger) LoggerFactory.getLogger(JwtVerifier.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        DownEndpoint endpoint = new DownEndpoint();
        java.net.URI down = endpoint.url("/jwks.json");
        JwtVerifier verifier = new JwtVerifier(settings(Optional.empty(), Optional.of(down), Duration.ofSeconds(60)));
        try {
            for (int i = 0; i < 3; i++) {
                reasonOf(verifier, Tokens.rs256(Tokens.RSA, valid()));
            }
        } finally {
            log.detachAppender(logged);
            endpoint.close();
        }

        assertThat(logged.list)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .startsWith("The JWKS (auth.jwks-url) could not be loaded (")
                        .doesNotContain(String.valueOf(down.getPort())));
    }

    @Test
    void whileTheJwksCannotBeLoadedEveryTokenIsRefusedAsKeysUnavailableNotAsAnUnknownKey() {
        // Nimbus fetches at most twice in 30 s and then refuses to try: that refusal is the outage, not the token.
        try (DownEndpoint down = new DownEndpoint()) {
            JwtVerifier verifier = new JwtVerifier(
                    settings(Optional.empty(), Optional.of(down.url("/jwks.json")), Duration.ofSeconds(60)));

            for (int i = 0; i < 5; i++) {
                assertThat(reasonOf(verifier, Tokens.rs256(Tokens.RSA, valid())))
                        .as("token %d", i + 1)
                        .isEqualTo(TokenRejectedException.KEYS_UNAVAILABLE);
            }
        }
    }

    @Test
    void refusesGarbage() {
        assertThat(reasonOf(both(), "not.a.jwt")).isEqualTo("malformed");
    }

    @Test
    void rejectionMessagesNeverQuoteTheToken() {
        String token =
                Tokens.hs256(Tokens.claims("https://other.example.com/mcp", "x").build());

        assertThatThrownBy(() -> hmacOnly().verify(token))
                .isInstanceOf(TokenRejectedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).doesNotContain("other.example"));
    }

    @Test
    void settingsNeverShowTheSecret() {
        AuthSettings settings = settings(Optional.of(Tokens.HS_SECRET), Optional.empty(), Duration.ZERO);

        assertThat(settings.toString()).doesNotContain(Tokens.HS_SECRET);
    }

    @Test
    void refusesAShortSharedSecret() {
        assertThatThrownBy(() -> settings(Optional.of("short"), Optional.empty(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void refusesSettingsThatDoNotNameTheAudienceEveryTokenMustCarry() {
        AuthSettings withoutAudience =
                settings(Optional.of(Tokens.HS_SECRET), Optional.empty(), Duration.ZERO).toBuilder()
                        .resourceUrl(Optional.empty())
                        .build();

        assertThatThrownBy(() -> new JwtVerifier(withoutAudience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth.resource-url");
    }
}
