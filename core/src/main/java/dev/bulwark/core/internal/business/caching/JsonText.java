package dev.bulwark.core.internal.business.caching;

/**
 * What JSON text needs before it is encoded as UTF-8: for an answer on the wire, a cache entry, or a cache key
 * (hashed as UTF-8). Stateless.
 */
public final class JsonText {

    private JsonText() {}

    /**
     * {@code json} with each lone surrogate replaced by its <code>&#92;u</code> escape (four hex digits). In JSON
     * text a surrogate can only stand inside a string (all the syntax is ASCII), where the escape means the same
     * character. UTF-8 cannot carry a lone surrogate: every encoder turns one into {@code ?}, so text written as
     * JSON and then as UTF-8 (a transport, a Redis cache entry) would lose it.
     */
    public static String escapeLoneSurrogates(String json) {
        StringBuilder escaped = null;
        int copied = 0;
        int n = json.length();
        for (int i = 0; i < n; i++) {
            char c = json.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(json.charAt(i + 1))) {
                i++; // a pair: one code point, which UTF-8 carries
                continue;
            }
            if (escaped == null) {
                escaped = new StringBuilder(n + 16);
            }
            escaped.append(json, copied, i).append(String.format("\\u%04X", (int) c));
            copied = i + 1;
        }
        return escaped == null ? json : escaped.append(json, copied, n).toString();
    }
}
