/**
 * Who is calling over HTTP: API keys (stored as SHA-256 hashes, compared in constant time) and JWT bearer tokens
 * verified as an OAuth 2.1 resource server (HS256 with a shared secret, RS256/ES256 with keys from a JWKS URL), the
 * RFC 9728 protected resource metadata, {@code WWW-Authenticate} challenges, {@code insufficient_scope} refusals,
 * and a per-client limit on failed attempts. The authenticated {@link dev.bulwark.ports.security.Principal} reaches
 * the core through the MCP SDK's transport context.
 *
 * <p>API keys: a presented key is hashed once and compared with every configured hash by
 * {@code MessageDigest.isEqual} (constant time), without stopping at the first match, so the time taken says nothing
 * about which key, or which part of a key, matched. Keys are random 256-bit values, so a fast hash is the right one:
 * there is nothing to brute-force that a slow hash would protect.
 *
 * <p>Refusals: without a credential, 401 with a {@code WWW-Authenticate: Bearer} challenge naming the protected
 * resource metadata; with a refused one, 401 and {@code error="invalid_token"}; with one sent the wrong way, 400 and
 * {@code error="invalid_request"}; when the token's signing keys cannot be fetched, 503. A client address that keeps
 * failing gets 429 with {@code Retry-After}. Every refusal is a JSON-RPC error body and one line on the
 * {@code dev.bulwark.audit} logger, which never holds the credential.
 */
package dev.bulwark.http.auth;
