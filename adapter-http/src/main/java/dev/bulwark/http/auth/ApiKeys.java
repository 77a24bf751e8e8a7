package dev.bulwark.http.auth;

import dev.bulwark.ports.security.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The configured API keys, held only as SHA-256 hashes and compared in constant time (see the package notes).
 * Immutable and thread-safe.
 */
public final class ApiKeys {

    /** The prefix of every key {@link #newKey()} makes, so a leaked key is easy to recognise and scan for. */
    public static final String KEY_PREFIX = "bwk_";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Never used itself, only cloned: a digest is not thread-safe. */
    private static final MessageDigest SHA_256 = sha256Digest();

    private final List<ApiKey> keys;
    private final List<byte[]> hashes;
    private final Set<String> subjects;
    private final BiPredicate<byte[], byte[]> sameHash;

    public ApiKeys(List<ApiKey> keys) {
        this(keys, MessageDigest::isEqual);
    }

    /** With {@code sameHash} in place of {@link MessageDigest#isEqual}: for the test that counts the comparisons. */
    ApiKeys(List<ApiKey> keys, BiPredicate<byte[], byte[]> sameHash) {
        this.sameHash = Objects.requireNonNull(sameHash, "sameHash");
        this.keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        Set<String> seen = new HashSet<>();
        for (ApiKey key : this.keys) {
            if (!seen.add(key.hash())) {
                throw new IllegalArgumentException("the same API key hash is configured twice (subject '"
                        + key.subject() + "'); each key must be unique");
            }
        }
        this.hashes = this.keys.stream().map(ApiKey::hashBytes).toList();
        this.subjects = this.keys.stream().map(ApiKey::subject).collect(Collectors.toUnmodifiableSet());
    }

    /** No API keys: every key is refused. */
    public static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    /** Whether no key is configured. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * Whether {@code subject} is the subject of a configured key: no other kind of credential may authenticate as it,
     * or its caller would share the key's sessions, rate limits and private cache entries.
     */
    public boolean ownsSubject(String subject) {
        return subjects.contains(subject);
    }

    /** The principal of the key {@code presented}, if it is one of the configured keys. */
    public Optional<Principal> authenticate(String presented) {
        Objects.requireNonNull(presented, "presented");
        byte[] hash = sha256(presented);
        ApiKey match = null;
        for (int i = 0; i < hashes.size(); i++) {
            if (sameHash.test(hashes.get(i), hash) & match == null) {
                match = keys.get(i);
            }
        }
        return Optional.ofNullable(match).map(ApiKey::principal);
    }

    /** A new random key: {@value #KEY_PREFIX} and 256 random bits, base64url. */
    public static String newKey() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * A new key for {@code subject} with {@code scopes}, and its entry: the key goes to the client once, the entry
     * (its hash) into the configuration, such as the API keys file.
     *
     * @throws IllegalArgumentException when the subject is blank or the placeholder {@link ApiKey#PLACEHOLDER_SUBJECT}
     */
    public static GeneratedApiKey generate(String subject, Set<String> scopes) {
        String key = newKey();
        return new GeneratedApiKey(key, new ApiKey(subject, scopes, hashOf(key)));
    }

    /**
     * The hash of {@code key} as the configuration holds it: {@code sha256:} and the 64 lower-case hex digits of the
     * SHA-256 of its UTF-8 bytes (no line end), as {@code printf '%s' "$KEY" | sha256sum} prints them.
     */
    public static String hashOf(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("an API key must not be blank");
        }
        return ApiKey.HASH_PREFIX + HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String text) {
        return newSha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A fresh SHA-256 digest, cloned from {@link #SHA_256}: every authenticated request hashes its key, and looking
     * the algorithm up in the providers costs about as much as hashing the key.
     */
    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException providerWithoutClone) {
            return sha256Digest();
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[" + keys.size() + " keys]";
    }
}
