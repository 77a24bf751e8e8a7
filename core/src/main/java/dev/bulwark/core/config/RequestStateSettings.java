package dev.bulwark.core.config;

import dev.bulwark.config.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the {@code requestState} of a 2026-era multi round-trip request is signed. Immutable.
 *
 * @param key the HMAC-SHA256 key ({@code request-state.key}), at least {@value #MIN_KEY_BYTES} bytes, shared by the
 *     fleet; empty = a random key per process
 * @param ttl how long after it was signed a state is accepted ({@code request-state.ttl}), 1 s to 24 h
 */
public record RequestStateSettings(Optional<Secret> key, Duration ttl) {

    /** Shortest key accepted: 256 bits, the output size of HMAC-SHA256 (RFC 2104). */
    public static final int MIN_KEY_BYTES = 32;

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    private static final Duration MAX_TTL = Duration.ofHours(24);

    public RequestStateSettings {
        Objects.requireNonNull(key, "request-state.key");
        key.ifPresent(secret -> {
            if (secret.reveal().getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
                throw ConfigProblem.of(
                                "request-state.key",
                                "must be at least " + MIN_KEY_BYTES
                                        + " bytes (256 bits); generate one with: openssl rand -base64 48")
                        .refusal();
            }
        });
        Objects.requireNonNull(ttl, "request-state.ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw ConfigProblem.of("request-state.ttl", "must be 1s-24h, was " + ttl.toSeconds() + "s")
                    .refusal();
        }
    }

    /** No configured key (a random one per process), states accepted for {@link #DEFAULT_TTL}. */
    public static RequestStateSettings defaults() {
        return new RequestStateSettings(Optional.empty(), DEFAULT_TTL);
    }

    /** A copy with {@code value} as the key. */
    public RequestStateSettings withKey(Optional<Secret> value) {
        return new RequestStateSettings(value, ttl);
    }

    /** A copy with {@code value} as the time-to-live. */
    public RequestStateSettings withTtl(Duration value) {
        return new RequestStateSettings(key, value);
    }
}
