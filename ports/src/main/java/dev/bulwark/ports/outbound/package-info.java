/**
 * Calls to the HTTP services registered by name in the configuration: the {@link dev.bulwark.ports.outbound.ServiceClient}
 * port, the request and response values it speaks in, and the ways a call can fail. Only registered services are
 * reachable, at paths under their base URL.
 *
 * <p><b>{@link ServiceClient}</b>: Calls the HTTP services registered by name in the configuration, and only those.
 * An implementation guarantees:
 *
 * <ul>
 *   <li>the request goes to the named service's base URL, at the given path resolved under it: a path that would
 *       leave it ({@code ..}, encoded dots or slashes, an absolute URL, {@code //host}) is refused before anything
 *       is sent, and so is a redirect to anywhere else;
 *   <li>the service's own credential is sent, and nothing of the caller's;
 *   <li>each attempt is bounded by the service's timeout, concurrent calls by its bulkhead (refused at once when
 *       full), and failures in a row open its circuit breaker (refused at once while open);
 *   <li>a failed attempt is retried, with exponential backoff and jitter, only when the method is idempotent or the
 *       service allows retrying every method;
 *   <li>a response body larger than the cap is refused, not read.
 * </ul>
 *
 * <p>A response with any status is a response, 5xx included (after the retries the method allows). Implementations
 * are thread-safe; a call answers to interruption by abandoning its request.
 *
 * <p><b>{@link ServiceRequest}</b>: One request to a registered service. The caller names the service and a path
 * relative to the service's base URL; it chooses no host, no scheme and no header: the client adds the service's
 * own credential and nothing of the caller's. Immutable (the body is copied in and out).
 *
 * <p><b>{@link ServiceResponse}</b>: What a registered service answered: its status, the few headers worth passing
 * on, and the whole body (the client refuses a body larger than its cap rather than cut it). The body is the
 * service's content: untrusted data. Neither body nor headers hold the service's own credential: where the service
 * sent it back (an endpoint that echoes the request), the client has put {@link ServiceResponse#REDACTED} in its
 * place. Immutable (the body is copied in and out).
 *
 * <p><b>{@link ServiceDescriptor}</b>: What a registered service offers, as a tool may show it to a model and check
 * a caller against: never its URL or credential. Immutable.
 *
 * <p><b>{@link ServiceCallException}</b>: A call to a registered service did not produce a response: {@link
 * ServiceCallException#failure()} says why. The message names the service and the failure, never a host, URL or
 * credential; it is for logs, and a tool writes its own for the client.
 *
 * <p><b>{@link HttpMethod}</b>: The HTTP methods a registered service may allow. Reading methods are the safe ones
 * of RFC 9110 (they change nothing); idempotent ones may be sent twice with the effect of once, so a failed attempt
 * may be retried.
 */
package dev.bulwark.ports.outbound;
