package dev.bulwark.http.auth;

import dev.bulwark.ports.security.Principal;

/** What {@link Authenticator} made of a request's credentials. */
sealed interface AuthResult {

    /** The request carries a valid credential of {@code principal}. */
    record Authenticated(Principal principal) implements AuthResult {}

    /** The request carries no credential at all. */
    record Missing() implements AuthResult {}

    /** The credential is sent the wrong way (query string, two headers, another scheme): 400. */
    record Malformed(String message) implements AuthResult {}

    /** The credential is not valid (unknown key, bad or expired token): 401. */
    record Rejected(TokenRejectedException cause) implements AuthResult {}
}
