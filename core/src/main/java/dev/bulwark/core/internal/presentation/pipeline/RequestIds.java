package dev.bulwark.core.internal.presentation.pipeline;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Chooses a call's request id: the one the client sent (in the request's {@code _meta["dev.bulwark/request-id"]}
 * or through the transport) when it is a plain token of at most 128 characters, otherwise a fresh random (version 4)
 * UUID, so a request id can never inject text into logs.
 */
public final class RequestIds {

    /** The {@code _meta} key a client may use to send its own request id: the key results quote it under. */
    public static final String META_KEY = ResultMeta.REQUEST_ID;

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

    /**
     * A version 4 (random) UUID from the calling thread's generator: request ids are no secret, so they skip the
     * contended {@code SecureRandom} behind {@link UUID#randomUUID()}.
     */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low);
    }

    /** Whether {@code candidate} is a request id a log line may quote as it is. */
    public static boolean isSafe(Object candidate) {
        return candidate instanceof String text && SAFE.matcher(text).matches();
    }
}
