package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.bulwark.core.internal.business.caching.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Short digests of JSON values for a request state: SHA-256 of the value's canonical text (keys sorted, numbers
 * normalized), its first 128 bits, base64url. Equal JSON gives equal digests however its keys were ordered.
 * Stateless.
 */
final class Digests {

    private static final int BYTES = 16;

    private Digests() {}

    /** The digest of {@code value}; {@code null} reads as JSON {@code null}. */
    static String of(JsonNode value) {
        String canonical = CanonicalJson.canonical(value == null ? NullNode.getInstance() : value)
                .toString();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
