/**
 * The interfaces Bulwark's core needs from the outside world, and the small JDK-only value types they speak in.
 *
 * <p><b>{@link WriteOutcomeUnknownException}</b>: A dependency stopped answering while it was applying a write (the
 * connection dropped during a commit): the write may or may not have been made, and nothing in this process can
 * tell which. The caller must check before writing again, rather than retry: a retry may apply the write twice. A
 * kind of {@link DependencyUnavailableException}, so whatever counts outages counts it too.
 *
 * <p><b>{@link DependencyBusyException}</b>: An outbound dependency is reachable but saturated: every pooled
 * connection (or every concurrency permit in front of it) is in use, and the call was refused at once rather than
 * queued behind slow work. Unlike {@link DependencyUnavailableException} this says nothing about the dependency's
 * health; the caller should retry shortly. Messages are safe to log and never name hosts.
 *
 * <p><b>{@link PortException}</b>: Root of every exception a port implementation may throw. Adapters translate
 * their vendor exceptions ({@code JedisException}, {@code SQLException}, ...) into a subclass of this type, so
 * nothing vendor-specific ever crosses a port.
 *
 * <p>Messages must be safe to log: no secrets, no credential-bearing URLs. They are never shown to MCP clients.
 *
 * <p><b>{@link DependencyUnavailableException}</b>: An outbound dependency (cache, rate-limit store, database,
 * remote API) could not be reached or did not answer in time. Callers decide whether to degrade (cache: treat as a
 * miss) or to fail the call with a clear "dependency unavailable" message.
 *
 * <p><b>{@link RejectedWithoutValueException}</b>: A settings record (the core's or an adapter's) refused a value
 * with a message that never quotes it, so the configuration loader may show that message even for a secret key.
 */
package dev.bulwark.ports;
