package dev.bulwark.core.internal.presentation.server;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Chooses a call's request id: the one the client sent (in the request's {@code _meta["dev.bulwark/request-id"]}
 * or through the transport) when it is a plain token of at most 128 characters, otherwise a fresh random (version 4)
 * UUID. Anything else the client sends is ignored, so a request id can never inject text into logs. Generated ids
 * identify calls in logs and are no secret, so they come from {@link ThreadLocalRandom}, not from the contended
 * {@code SecureRandom} behind {@link UUID#randomUUID()}.
 */
public final class RequestIds {

    /** The {@code _meta} key a client may use to send its own request id. */
    public static final String META_KEY = "dev.bulwark/request-id";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    public static String choose(Map<String, Object> requestMeta, Object fromTransport) {
        if (requestMeta != null && isSafe(requestMeta.get(META_KEY))) {
            return (String) requestMeta.get(META_KEY);
        }
        if (isSafe(fromTransport)) {
            return (String) fromTransport;
        }
        return randomUuid().toString();
    }

    /** A version 4 (random) UUID from the calling thread's generator. */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low);
    }

    static boolean isSafe(Object candidate) {
        return candidate instanceof String text && SAFE.matcher(text).matches();
    }
}
