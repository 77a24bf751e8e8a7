/**
 * Who is calling over HTTP: API keys (stored as SHA-256 hashes, compared in constant time) and JWT bearer tokens
 * verified as an OAuth 2.1 resource server (HS256 with a shared secret, RS256/ES256 with keys from a JWKS URL), the
 * RFC 9728 protected resource metadata, {@code WWW-Authenticate} challenges, {@code insufficient_scope} refusals,
 * and a per-client limit on failed attempts. The authenticated {@link dev.bulwark.ports.security.Principal} reaches
 * the core through the MCP SDK's transport context.
 */
package dev.bulwark.http.auth;
