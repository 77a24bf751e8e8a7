package dev.bulwark.http.auth;

import java.util.Objects;

/**
 * A new API key and the entry that accepts it. Immutable.
 *
 * @param key the key in plain text: {@value ApiKeys#KEY_PREFIX} and 256 random bits, base64url
 * @param entry the subject, scopes and SHA-256 hash that authenticate it
 */
public record GeneratedApiKey(String key, ApiKey entry) {

    public GeneratedApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(entry, "entry");
        if (!ApiKeys.hashOf(key).equals(entry.hash())) {
            throw new IllegalArgumentException("the entry of '" + entry.subject() + "' is not the hash of its key");
        }
    }

    @Override
    public String toString() {
        return "GeneratedApiKey[subject=" + entry.subject() + ", scopes=" + entry.scopes() + ", key=****]";
    }
}
