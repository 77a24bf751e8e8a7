package dev.bulwark.http.auth;

import dev.bulwark.ports.security.Principal;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One configured API key: its SHA-256 hash, subject and scopes. Immutable.
 *
 * @param subject who the key belongs to
 * @param scopes the scopes the key grants; {@code *} grants all
 * @param hash the key's hash as {@link ApiKeys#hashOf} prints it
 */
public record ApiKey(String subject, Set<String> scopes, String hash) {

    /** The prefix of every hash: the algorithm, so another one can be added later without ambiguity. */
    public static final String HASH_PREFIX = "sha256:";

    /**
     * The subject of the file entry {@code --new-api-key} prints, to be replaced by who holds the key; refused as a
     * subject so that a pasted entry cannot authenticate callers as nobody in particular.
     */
    public static final String PLACEHOLDER_SUBJECT = "CHANGE-ME";

    public ApiKey {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("an API key needs a subject");
        }
        if (subject.trim().equalsIgnoreCase(PLACEHOLDER_SUBJECT)) {
            throw new IllegalArgumentException("the subject is still the placeholder " + PLACEHOLDER_SUBJECT
                    + ": set it to who holds the key (such as ci-bot; the audit log and rate limits name it), and"
                    + " set the scopes it may use");
        }
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
        Objects.requireNonNull(hash, "hash");
        hash = hash.trim().toLowerCase(Locale.ROOT);
        if (!hash.startsWith(HASH_PREFIX)
                || hash.length() != HASH_PREFIX.length() + 64
                || !hash.substring(HASH_PREFIX.length()).chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("the API key of '" + subject + "' must be given as its hash,"
                    + " sha256: followed by 64 hex digits (print one with --hash-api-key); a plain key is never"
                    + " accepted");
        }
    }

    /** The principal this key authenticates as. */
    public Principal principal() {
        return new Principal(subject, scopes);
    }

    byte[] hashBytes() {
        return HexFormat.of().parseHex(hash.substring(HASH_PREFIX.length()));
    }
}
