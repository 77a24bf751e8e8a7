package dev.bulwark.core.presentation.server;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Chooses a call's request id: the one the client sent (in the request's {@code _meta["dev.bulwark/request-id"]}
 * or through the transport) when it is a plain token of at most 128 characters, otherwise a fresh UUID. Anything
 * else the client sends is ignored, so a request id can never inject text into logs.
 */
public final class RequestIds {

    /** The {@code _meta} key a client may use to send its own request id. */
    public static final String META_KEY = "dev.bulwark/request-id";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static String choose(Map<String, Object> requestMeta, Object fromTransport) {
        if (requestMeta != null && isSafe(requestMeta.get(META_KEY))) {
            return (String) requestMeta.get(META_KEY);
        }
        if (isSafe(fromTransport)) {
            return (String) fromTransport;
        }
        return UUID.randomUUID().toString();
    }

    static boolean isSafe(Object candidate) {
        return candidate instanceof String text && SAFE.matcher(text).matches();
    }
}
