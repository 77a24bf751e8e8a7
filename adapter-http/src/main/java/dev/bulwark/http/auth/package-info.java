/**
 * Who is calling over HTTP: API keys and JWT bearer tokens (an OAuth 2.1 resource server), the RFC 9728 protected
 * resource metadata, {@code WWW-Authenticate} challenges and a per-client limit on failed attempts. The authenticated
 * principal reaches the core through the MCP SDK's transport context; docs/security.md gives each refusal.
 */
package dev.bulwark.http.auth;
