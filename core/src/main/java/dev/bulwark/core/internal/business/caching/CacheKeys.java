package dev.bulwark.core.internal.business.caching;

import dev.bulwark.core.CachePolicy;
import dev.bulwark.ports.security.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds deterministic cache keys, private ones holding the principal. Thread-safe.
 */
public final class CacheKeys {

    private final CanonicalJson canonicalJson;

    public CacheKeys(CanonicalJson canonicalJson) {
        this.canonicalJson = Objects.requireNonNull(canonicalJson, "canonicalJson");
    }

    /**
     * A key stable across processes and restarts (no {@code hashCode}). A private key holds the principal's subject
     * and its sorted scopes: a narrower token of the same subject must not be served what a wider one was allowed to
     * see.
     */
    public String keyFor(
            String toolName,
            String schemaVersion,
            Map<String, Object> arguments,
            CachePolicy policy,
            Principal principal) {
        String scope = switch (policy.sharing()) {
            case SHARED -> "shared";
            case PRIVATE ->
                "p:"
                        + sha256(canonicalJson.writeArguments(
                                Map.of("subject", principal.subject(), "scopes", new TreeSet<>(principal.scopes()))));
        };
        return "tool:" + toolName + ":v" + schemaVersion + ":" + scope + ":"
                + sha256(canonicalJson.writeArguments(arguments));
    }

    /**
     * The SHA-256 of the JSON text's UTF-8 bytes, its lone surrogates escaped first ({@link JsonText}): UTF-8 cannot
     * carry one (it became {@code ?}, so arguments that differed only in one shared a key, and one caller could be
     * answered with another's result), and in JSON text the escape is unambiguous.
     */
    static String sha256(String json) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(JsonText.escapeLoneSurrogates(json).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
