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
 *
 * <p><b>{@link AuthSettings}</b> is the one shape of the {@code auth.*} keys; {@link HttpAuthSettings} is one server's
 * authentication: those settings, the API keys and its tools' scopes. Everything here is built from the two.
 *
 * <p><b>{@link AuthFailureLimiter}</b>: Slows down credential guessing: each client address may fail authentication
 * a number of times per minute (a Failsafe bursty rate limiter per address); past that, its requests get 429 with
 * {@code Retry-After} until the limiter has a permit again, without their credentials being checked. Thread-safe.
 *
 * <p>About {@value AuthFailureLimiter#MAX_CLIENTS} addresses are tracked at most, so memory, and the cost of a
 * failure, stay bounded under an attack from many addresses: an address is forgotten a minute after its last
 * failure (at once when its block is over); when the table is full, the addresses that may be forgotten are swept
 * out (at most once a second), and while it stays full of addresses that failed within the minute, the failures of
 * further addresses are not counted, until room frees (within a minute). The price is that an attacker with more
 * addresses than that is not limited on the ones past the table's size; the ones it holds keep their counts.
 *
 * <p>The address is the one {@link ClientAddresses} tells: behind a proxy that is not configured as trusted, every
 * client shares the proxy's address, and the limit then applies to all of them together. An IPv6 address counts as
 * its /64 network: a single host usually holds a whole /64 and can pick any source address in it, so limiting each
 * IPv6 address apart would give it as many fresh limits (and table entries) as it likes.
 *
 * <p><b>{@link ProtectedResourceMetadataEndpoint}</b>: The OAuth 2.0 protected resource metadata of RFC 9728, at
 * {@code /.well-known/oauth-protected-resource} and at that path with the MCP path appended (as RFC 9728 builds it
 * from the resource URL): the resource's canonical URL, the authorization servers that issue tokens for it, the
 * scopes it understands, and that tokens go in the {@code Authorization} header only. Public: no credential is
 * needed to read it. A browser origin the {@link OriginPolicy} allows may read it cross-origin (CORS naming exactly
 * that origin); any other origin gets the document without CORS headers, so its browser keeps it from the page. A
 * {@code Host} the policy does not allow gets 403, as on {@code /mcp}: without a configured resource URL the
 * document's resource is built from the Host. Thread-safe.
 *
 * <p><b>{@link ClientAddresses}</b>: Tells which client address a request comes from, for the limit on failed
 * authentications and the audit log. That is the connection's remote address, unless the connection comes from a
 * trusted proxy (a load balancer or reverse proxy in front of the server): then it is the address that proxy
 * appended to {@code X-Forwarded-For}, read from the right and skipping the other trusted proxies. Entries further
 * left were written by the client itself and are never believed, so a client cannot choose the address it is
 * limited under. When a trusted proxy wrote something that is not an IP address, the connection's address is used,
 * as it is with no trusted proxies at all. Thread-safe.
 *
 * <p><b>{@link JwtVerifier}</b>: Verifies JWT bearer tokens with Nimbus JOSE+JWT, as an OAuth 2.1 resource server:
 * the signature (HS256 with the shared secret; RS256 or ES256 with a key from the JWKS URL, fetched, cached and
 * refetched on an unknown key id by Nimbus's {@link JWKSourceBuilder}), then the issuer, the audience, {@code exp}
 * (required) and {@code nbf} with the configured clock skew. Unsigned tokens ({@code alg: none}) are refused, and
 * each algorithm only ever uses its own kind of key, so an RS256 public key can never be used as an HS256 secret
 * (algorithm confusion). The principal is the {@code sub} claim with the scopes of the {@code scope} claim
 * (space-separated, RFC 9068) or the {@code scp} claim (a list). Thread-safe.
 *
 * <p><b>{@link Authenticator}</b>: Reads a request's credential and checks it: {@code Authorization: Bearer
 * <token>}, where a token with the three dot-separated parts of a JWT is verified as one and anything else is
 * looked up as an API key, or {@code X-API-Key: <key>}. Tokens in the query string ({@code access_token}) are
 * refused, never read. A JWT whose subject is an API key's subject is refused ({@code subject_taken}): callers are
 * told apart by subject (sessions, rate limits, private cache entries), so a token must never stand in for a key.
 * Thread-safe.
 *
 * <p><b>{@link BearerTokenVerifier}</b>: What the {@link Authenticator} hands a JWT-shaped bearer token: the
 * {@link JwtVerifier} of the settings, or a verifier an embedding application gives in its place (the Spring Boot
 * starter's asks Spring Security). Either way the refusals are the edge's: 401 with the challenge, 503 for
 * {@link TokenRejectedException#KEYS_UNAVAILABLE}, the failure limit and the audit line.
 *
 * <p><b>{@link ScopeChallengeHandler}</b>: Answers a {@code tools/call} whose tool needs scopes the caller's
 * credential lacks with 403 and {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."}, so an
 * OAuth client can ask for a token with more scope (the MCP authorization specification's step-up). It reads the
 * body once ({@link McpExchange#body}; the transport gets the same bytes) and looks at {@code method} and {@code
 * params.name} only. Every other request, and every call the caller may make, passes; the core still authorizes
 * each call itself. Thread-safe.
 *
 * <p><b>{@link ApiKey}</b>: One configured API key: the SHA-256 hash of the key (never the key itself), the subject
 * it authenticates as and the scopes it grants. Immutable.
 *
 * <p><b>{@link HttpAudit}</b>: The lines the HTTP edge writes to the audit stream ({@code dev.bulwark.audit}) for
 * what it refuses before the tool pipeline sees a request: an authentication, a tool call whose scopes the
 * credential lacks, a session presented by a caller that did not create it. The pipeline audits every call it runs;
 * these are the refusals it never sees. Never a credential, a session id or an argument. Stateless.
 *
 * <p><b>{@link GeneratedApiKey}</b>: A new API key and the entry that accepts it, as {@link ApiKeys#generate} makes
 * them: give {@link GeneratedApiKey#key()} to the client once, and keep only {@link GeneratedApiKey#entry()} (its
 * hash, subject and scopes) in the server's configuration. Its {@code toString()} never shows the key. Immutable.
 *
 * <p><b>{@link ToolScopes}</b>: The scopes each tool requires, so the HTTP edge can answer a {@code tools/call} the
 * caller's token is not good for with 403 and an {@code insufficient_scope} challenge naming them, as the MCP
 * authorization specification asks. The core checks the same scopes again before any tool runs.
 *
 * <p><b>{@link ResourceIdentity}</b>: This server as an OAuth protected resource: its canonical URL (configured, or
 * derived from the request's scheme and {@code Host}, which the edge has already checked against its allowlist) and
 * where its RFC 9728 metadata lives: {@code /.well-known/oauth-protected-resource} inserted before the resource's
 * path. Immutable and thread-safe.
 *
 * <p><b>{@link BearerChallenge}</b>: The {@code WWW-Authenticate: Bearer} values of RFC 6750 and RFC 9728: every
 * challenge names the protected resource metadata, and a refusal says why ({@code invalid_request}, {@code
 * invalid_token}, {@code insufficient_scope}) and, for the last, which scopes would do. Descriptions are fixed text
 * of this server, never client input.
 *
 * <p><b>{@link TokenRejectedException}</b>: A credential was presented and refused. The message is fixed text
 * written for the client (for example "the bearer token has expired"): it never quotes the token, a claim value or
 * a library's own message.
 *
 * <p><b>{@link AuthenticationHandler}</b>: Lets a request to {@code /mcp} through only with a valid credential, and
 * says who the caller is ({@link McpExchange#authenticated}); each refusal's status and challenge are in the
 * package notes. Thread-safe.
 */
package dev.bulwark.http.auth;
