package dev.bulwark.http.auth;

import dev.bulwark.ports.security.Principal;

/**
 * Verifies a bearer token that has the shape of a JWT and says whose it is: {@link JwtVerifier} from the
 * {@code auth.*} settings, or one an embedding application gives (its own security framework's token check).
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface BearerTokenVerifier {

    /**
     * The principal of a valid token.
     *
     * @throws TokenRejectedException with a fixed, client-safe message when the token is not valid (401), or with
     *     {@link TokenRejectedException#KEYS_UNAVAILABLE} when it cannot be checked now (503)
     */
    Principal verify(String token) throws TokenRejectedException;
}
