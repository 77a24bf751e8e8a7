package dev.bulwark.outbound;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What a service holds for one security scheme of its OpenAPI document ({@code services.<name>.security.<scheme>}).
 * Which fields a scheme needs depends on its type in the document: an API key or a bearer token needs the credential
 * only, HTTP basic the user name too, OAuth 2.0 client credentials the client id too (and a token URL when the
 * document's is not under the service's base URL). Immutable.
 *
 * @param credential the scheme's secret: the API key, the bearer token, the basic password or the OAuth client
 *     secret; printable ASCII, never printed
 * @param username the HTTP basic user name
 * @param clientId the OAuth 2.0 client id
 * @param tokenUrl where OAuth 2.0 tokens are fetched, instead of the document's token URL: an {@code http} or
 *     {@code https} URL the operator trusts with the client secret
 */
public record SchemeCredentials(
        Optional<String> credential, Optional<String> username, Optional<String> clientId, Optional<URI> tokenUrl) {

    /** Nothing yet: the fields are set one by one. */
    public static final SchemeCredentials EMPTY =
            new SchemeCredentials(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public SchemeCredentials {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
    }

    /** An API key or a bearer token. */
    public static SchemeCredentials of(String credential) {
        return EMPTY.withCredential(credential);
    }

    /** An HTTP basic user name and password. */
    public static SchemeCredentials basic(String username, String password) {
        return EMPTY.withUsername(username).withCredential(password);
    }

    /** An OAuth 2.0 client id and secret, for the client credentials grant. */
    public static SchemeCredentials clientCredentials(String clientId, String clientSecret) {
        return EMPTY.withClientId(clientId).withCredential(clientSecret);
    }

    public SchemeCredentials withCredential(String value) {
        return new SchemeCredentials(Optional.of(value), username, clientId, tokenUrl);
    }

    public SchemeCredentials withUsername(String value) {
        return new SchemeCredentials(credential, Optional.of(value), clientId, tokenUrl);
    }

    public SchemeCredentials withClientId(String value) {
        return new SchemeCredentials(credential, username, Optional.of(value), tokenUrl);
    }

    public SchemeCredentials withTokenUrl(URI value) {
        return new SchemeCredentials(credential, username, clientId, Optional.of(value));
    }

    /** Which fields are set; never the secret. */
    @Override
    public String toString() {
        return "SchemeCredentials[credential=" + (credential.isPresent() ? "****" : "none")
                + (username.isPresent() ? ", username" : "")
                + (clientId.isPresent() ? ", client-id" : "")
                + (tokenUrl.isPresent() ? ", token-url" : "") + "]";
    }
}
