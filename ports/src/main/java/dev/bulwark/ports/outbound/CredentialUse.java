package dev.bulwark.ports.outbound;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one request carries the credential of one security scheme of a service's OpenAPI document: the scheme's name
 * (the key its credential is configured under) and where its value goes. It names no secret: the client adds the
 * value the service holds for the scheme. Immutable.
 *
 * @param scheme the scheme's name in the document's {@code components.securitySchemes}
 * @param kind where and how the credential is sent
 * @param name the header, query parameter or cookie an API key goes in; empty for the other kinds
 * @param tokenUrl where an OAuth 2.0 client credentials token is fetched, as the document gives it (absolute, or
 *     relative to the service's base URL); empty for the other kinds. The client fetches it only under the service's
 *     base URL, unless the service configures its token URL
 * @param scopes the OAuth 2.0 scopes the token is asked for; empty for the other kinds
 */
public record CredentialUse(String scheme, Kind kind, String name, String tokenUrl, List<String> scopes) {

    /** The names a scheme may have in a document: {@code components} keys. */
    private static final Pattern SCHEME_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Where and how a credential is sent. */
    public enum Kind {
        /** An API key in the header {@link #name()}. */
        API_KEY_HEADER,
        /** An API key in the query parameter {@link #name()}. */
        API_KEY_QUERY,
        /** An API key in the cookie {@link #name()}. */
        API_KEY_COOKIE,
        /** {@code Authorization: Bearer <credential>}. */
        BEARER,
        /** {@code Authorization: Basic <username:password in base64>}. */
        BASIC,
        /** {@code Authorization: Bearer <token>}, the token fetched with the client credentials grant. */
        OAUTH2_CLIENT_CREDENTIALS;

        /** Whether the credential goes in the {@code Authorization} header. */
        public boolean usesAuthorization() {
            return this == BEARER || this == BASIC || this == OAUTH2_CLIENT_CREDENTIALS;
        }
    }

    public CredentialUse {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        scopes = List.copyOf(scopes);
        if (!isSchemeName(scheme)) {
            throw new IllegalArgumentException("a security scheme's name is 1-64 letters, digits, '.', '_' and '-'");
        }
        boolean apiKey = kind == Kind.API_KEY_HEADER || kind == Kind.API_KEY_QUERY || kind == Kind.API_KEY_COOKIE;
        if (apiKey == name.isEmpty()) {
            throw new IllegalArgumentException("an API key scheme, and only one, names where its key goes");
        }
        if ((kind == Kind.OAUTH2_CLIENT_CREDENTIALS) == tokenUrl.isEmpty()) {
            throw new IllegalArgumentException("an OAuth 2.0 client credentials scheme, and only one, has a token URL");
        }
    }

    /** An API key sent in the header {@code header}. */
    public static CredentialUse apiKeyHeader(String scheme, String header) {
        return new CredentialUse(scheme, Kind.API_KEY_HEADER, header, "", List.of());
    }

    /** An API key sent in the query parameter {@code parameter}. */
    public static CredentialUse apiKeyQuery(String scheme, String parameter) {
        return new CredentialUse(scheme, Kind.API_KEY_QUERY, parameter, "", List.of());
    }

    /** An API key sent in the cookie {@code cookie}. */
    public static CredentialUse apiKeyCookie(String scheme, String cookie) {
        return new CredentialUse(scheme, Kind.API_KEY_COOKIE, cookie, "", List.of());
    }

    /** A bearer token. */
    public static CredentialUse bearer(String scheme) {
        return new CredentialUse(scheme, Kind.BEARER, "", "", List.of());
    }

    /** A user name and password. */
    public static CredentialUse basic(String scheme) {
        return new CredentialUse(scheme, Kind.BASIC, "", "", List.of());
    }

    /** A token fetched from {@code tokenUrl} with the client credentials grant, for {@code scopes}. */
    public static CredentialUse clientCredentials(String scheme, String tokenUrl, List<String> scopes) {
        return new CredentialUse(scheme, Kind.OAUTH2_CLIENT_CREDENTIALS, "", tokenUrl, scopes);
    }

    /** Whether {@code name} may name a security scheme. */
    public static boolean isSchemeName(String name) {
        return name != null && SCHEME_NAME.matcher(name).matches();
    }
}
