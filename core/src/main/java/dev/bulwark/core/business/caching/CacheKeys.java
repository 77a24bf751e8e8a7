package dev.bulwark.core.business.caching;

import dev.bulwark.ports.security.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Builds deterministic cache keys: {@code tool:<name>:v<schemaVersion>:<shared|p:<sha256(subject)>>:<sha256(canonical
 * arguments)>}. Stable across processes and restarts (no {@code hashCode}), and a private key always contains the
 * principal, so one principal's entry can never be found by another. Thread-safe.
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
            case PRIVATE -> "p:" + sha256(principal.subject());
        };
        return "tool:" + toolName + ":v" + schemaVersion + ":" + scope + ":"
                + sha256(canonicalJson.writeArguments(arguments));
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
