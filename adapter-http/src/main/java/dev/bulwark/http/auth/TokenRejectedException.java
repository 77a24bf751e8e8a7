package dev.bulwark.http.auth;

/**
 * A credential was presented and refused, with fixed text written for the client: never the token, a claim value or
 * a library's own message.
 */
public final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The {@link #reason()} when the keys to verify the token could not be loaded: not the client's fault. */
    public static final String KEYS_UNAVAILABLE = "keys_unavailable";

    /** Why, in one word, for metrics and the audit log. */
    private final String reason;

    public TokenRejectedException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** A short machine-readable reason, such as {@code expired} or {@code bad_signature}. */
    public String reason() {
        return reason;
    }
}
