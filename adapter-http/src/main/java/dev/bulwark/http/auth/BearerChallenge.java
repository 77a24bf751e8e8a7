package dev.bulwark.http.auth;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The {@code WWW-Authenticate: Bearer} values of RFC 6750 and RFC 9728.
 */
final class BearerChallenge {

    private BearerChallenge() {}

    /** No credential was sent: where to find out how to get one. */
    public static String missing(String metadataUrl) {
        return "Bearer resource_metadata=\"" + quoted(metadataUrl) + "\"";
    }

    /** A credential was sent and refused. */
    public static String error(String error, String description, String metadataUrl) {
        return "Bearer error=\"" + error + "\", error_description=\"" + quoted(description) + "\", resource_metadata=\""
                + quoted(metadataUrl) + "\"";
    }

    /** The token is valid but lacks {@code scopes}. */
    public static String insufficientScope(Collection<String> scopes, String description, String metadataUrl) {
        return "Bearer error=\"insufficient_scope\", scope=\"" + quoted(String.join(" ", new TreeSet<>(scopes)))
                + "\", error_description=\"" + quoted(description) + "\", resource_metadata=\""
                + quoted(metadataUrl) + "\"";
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\'');
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
