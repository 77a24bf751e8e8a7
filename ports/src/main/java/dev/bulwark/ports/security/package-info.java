/**
 * Who is calling: the principal a transport authenticated, with the scopes it holds, and how it reaches the core.
 *
 * <p><b>{@link Principal}</b>: The authenticated caller of a tool: a subject and the scopes it was granted.
 * Transports create it (HTTP from a verified token or API key; stdio from the local operator configuration) and
 * hand it to the core, which authorizes by scope and keys rate limits and private cache entries by {@link
 * Principal#subject()}. Immutable.
 *
 * <p><b>{@link AddressRange}</b>: A range of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code
 * 2001:db8::/32}), or one address (a {@code /32} or {@code /128} range), such as the proxies whose {@code
 * X-Forwarded-For} header is believed. Parsing takes IP literals only and never asks DNS, so a host name in
 * configuration or in a header costs no lookup and cannot be spoofed through DNS. An IPv4-mapped IPv6 address
 * ({@code ::ffff:10.0.0.1}) is the IPv4 address. Immutable.
 *
 * <p><b>{@link TransportContextKeys}</b>: The keys a transport puts into the MCP SDK's transport context for the
 * core to read, shared by both sides so neither has to know the other. The HTTP transport puts the {@link
 * Principal} of every request and, when the client sent a safe one, its {@code X-Request-Id} header, and the W3C
 * trace context headers it sent. Constants only.
 */
package dev.bulwark.ports.security;
