package dev.bulwark.http.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How JWT bearer tokens are verified: HS256 with a shared secret, RS256/ES256 with keys from a JWKS URL, or both;
 * the issuer and audience every token must name; the clock skew allowed on expiry and not-before. Immutable; its
 * {@link #toString()} never shows the secret.
 *
 * @param hmacSecret the HS256 shared secret, at least 32 bytes; empty = HS256 tokens are refused
 * @param jwksUrl where the RS256/ES256 public keys are published; empty = RS256/ES256 tokens are refused
 * @param issuer the {@code iss} every token must carry, exactly
 * @param audience the {@code aud} every token must contain: this server's canonical resource URL (RFC 8707)
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 */
public record JwtSettings(
        Optional<String> hmacSecret, Optional<URI> jwksUrl, String issuer, String audience, Duration clockSkew) {

    /** Shortest HS256 secret: 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    public JwtSettings {
        Objects.requireNonNull(hmacSecret, "hmacSecret");
        if (hmacSecret.isPresent() && hmacSecret.get().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the HS256 secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        if (hmacSecret.isEmpty() && jwksUrl.isEmpty()) {
            throw new IllegalArgumentException("JWT verification needs an HS256 secret, a JWKS URL, or both");
        }
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }

    @Override
    public String toString() {
        return "JwtSettings[hmacSecret=" + (hmacSecret.isPresent() ? "****" : "none") + ", jwksUrl="
                + jwksUrl.map(URI::toString).orElse("none") + ", issuer=" + issuer + ", audience=" + audience
                + ", clockSkew=" + clockSkew + "]";
    }
}
