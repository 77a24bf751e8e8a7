package dev.bulwark.core.business.caching;

import dev.bulwark.ports.security.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds deterministic cache keys: {@code tool:<name>:v<schemaVersion>:<shared|p:<sha256(principal)>>:<sha256(canonical
 * arguments)>}. Stable across processes and restarts (no {@code hashCode}), and a private key always contains the
 * principal, its subject and its scopes (sorted), so one principal's entry can never be found by another, nor by the
 * same subject holding fewer scopes (a narrower token must not be served what a wider one was allowed to see).
 * Thread-safe.
 */
public final class CacheKeys {

    private final CanonicalJson canonicalJson;

    public CacheKeys(CanonicalJson canonicalJson) {
        this.canonicalJson = Objects.requireNonNull(canonicalJson, "canonicalJson");
    }

    public String keyFor(
            String toolName, String schemaVersion, Map<String, Object> arguments, CachePolicy policy,
            Principal principal) {
        String scope = switch (policy.sharing()) {
            case SHARED -> "shared";
            case PRIVATE -> "p:" + sha256(canonicalJson.writeArguments(Map.of(
                    "subject", principal.subject(), "scopes", new TreeSet<>(principal.scopes()))));
        };
        return "tool:" + toolName + ":v" + schemaVersion + ":" + scope + ":"
                + sha256(canonicalJson.writeArguments(arguments));
    }

    /**
     * The SHA-256 of the text's UTF-8 bytes. UTF-8 cannot carry a lone surrogate (it became {@code ?}, so arguments
     * that differed only in one shared a key, and one caller could be answered with another's result): text holding
     * one is hashed as its UTF-16 code units behind a {@code 0xFF} byte, which no UTF-8 text holds.
     */
    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (hasLoneSurrogate(text)) {
                // Each char as two bytes: every encoder, UTF-16 ones too, replaces a lone surrogate.
                digest.update((byte) 0xFF);
                for (int i = 0; i < text.length(); i++) {
                    digest.update((byte) (text.charAt(i) >> 8));
                    digest.update((byte) text.charAt(i));
                }
                return HexFormat.of().formatHex(digest.digest());
            }
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
