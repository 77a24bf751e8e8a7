/**
 * The outbound HTTP adapter: {@link dev.bulwark.outbound.OutboundServices} implements the
 * {@link dev.bulwark.ports.outbound.ServiceClient} port on the JDK's HTTP client for the services registered by name
 * ({@link dev.bulwark.outbound.ServiceOptions}), each behind its own timeout, bulkhead, circuit breaker and retry
 * policy (Failsafe), health-checked in the background ({@link dev.bulwark.outbound.ServiceHealthIndicator}) and
 * measured ({@link dev.bulwark.outbound.OutboundMetrics}).
 *
 * <p><b>{@link ServiceOptions}</b>: One registered service, as its configuration describes it (the file's {@code
 * services.<name>} section): where it is, what it allows, how its calls are bounded and retried, whether the server
 * needs it, and the credential it gets. Built and checked by {@link ServiceOptions#builder(String)}; each refusal
 * names the field as {@code services.<name>.<field>}. Immutable; {@link ServiceOptions#toString()} never shows the
 * URL or the credential.
 *
 * <p><b>{@link CredentialRedaction}</b>: Replaces a service's own credential with {@link ServiceResponse#REDACTED}
 * wherever the service sent it back, in a response's body and headers: a service that echoes the request it
 * received (a debugging or proxy endpoint) must not hand its credential to the caller. Found in every form an echo
 * commonly takes:
 *
 * <ul>
 *   <li>the whole header value ({@code Bearer <credential>} for {@code Authorization}, the scheme in any case) or the
 *       credential alone;</li>
 *   <li>any of its characters escaped: percent-encoded once or twice ({@code %2F}, {@code %252F}, {@code +} or
 *       {@code %2B} for a space), JSON or JavaScript escapes (<code>&#92;/</code>, <code>&#92;u002f</code>,
 *       <code>&#92;x2f</code>), HTML character references ({@code &#47;}, {@code &#x2F;}, {@code &amp;}), hex digits
 *       in either case;</li>
 *   <li>base64, standard or URL-safe, at any of the three alignments inside a longer encoded text (an echo of a whole
 *       header block, base64-encoded), for a credential of {@value CredentialRedaction#MIN_BASE64_LENGTH} characters or more: a shorter
 *       one's encoding is too short to tell from other text;</li>
 *   <li>UTF-16, either byte order, in a body.</li>
 * </ul>
 *
 * <p>A body is read byte for byte as ISO-8859-1, so a body in any ASCII-compatible charset (UTF-8 among them) keeps
 * every byte that is not part of a match. Immutable and thread-safe.
 *
 * <p><b>{@link RegisteredService}</b>: One registered service at run time: its HTTP client (HTTP/1.1, no redirects
 * followed by the client, no cookies), its bulkhead (outermost, so a call holds one permit through its retries),
 * its Failsafe retry policy, its circuit breaker ({@link ServiceBreaker}, inside the retries, so every attempt
 * counts and an open breaker stops the retries), its counters and its health check ({@link ServiceHealthCheck}). An
 * answer's passed headers and body reach the caller decoded ({@link ContentCoding}) and with the service's
 * credential redacted ({@link CredentialRedaction}). Thread-safe.
 *
 * <p>The bulkhead is a JDK {@link Semaphore} taken without waiting, not Failsafe's: Failsafe 3.3.2's bulkhead loses
 * a permit to every caller it turns away (failsafe#393, unreleased fix), so a full bulkhead would stay full for
 * good.
 *
 * <p>Retried, when the method may be: timeouts, connection failures, answers that are not HTTP, and 502, 503 and
 * 504. Counted as failures by the breaker: the same, and every 5xx. Neither counts a 4xx, a refused redirect or a
 * body over the cap: the service answered. An attempt cancelled before its answer is evidence of nothing ({@link
 * ServiceBreaker}).
 *
 * <p><b>{@link ServiceBreaker}</b>: The circuit breaker of one service: opens after {@code
 * breaker-failure-threshold} failures in a row (timeouts, connection failures, answers that are not HTTP, 5xx),
 * refuses calls for {@code breaker-open-duration}, then lets one trial through, whose success closes it. Any other
 * answer is a success: a 4xx, a refused redirect, a body over the cap (the service answered). Thread-safe.
 *
 * <p>Used standalone, through Failsafe's permit-and-record API, not as a policy of an executor: an executor records
 * every outcome it does not count as a failure as a success, so an attempt cancelled before any answer
 * (interrupted) would close a half-open breaker with no evidence the service is back, and break a run of failures.
 * Such an attempt is recorded as neither; but a half-open trial that ends so is recorded as failed, because
 * Failsafe 3.3 has no public way to give back the trial's permit, and without it the breaker would refuse every
 * call for good.
 *
 * <p><b>{@link ServicePaths}</b>: Keeps every request under its service's base URL. A caller's path is read as a
 * relative URL path and refused, with a reason that never quotes it, when it could mean anything else: an absolute
 * URL ({@code http:...}), a network-path reference ({@code //host}), characters a URL path does not hold as they
 * are ({@code \}, {@code ?}, {@code #}, spaces, controls, non-ASCII), an escape that decodes to a slash, backslash,
 * dot, percent or control (the forms servers and proxies decode differently), an empty segment, a dot segment with
 * path parameters ({@code ..;}), or {@code ..} that climbs above the base URL. Dot segments that stay under it are
 * resolved. Stateless.
 *
 * <p><b>{@link CappedBody}</b>: Reads a response body into memory up to a cap. A body that declares a larger {@code
 * Content-Length}, or grows past the cap as it arrives, is not read further: the subscription is cancelled (the
 * client drops the connection) and the body fails with {@link TooLarge}. So a service sending too much costs the
 * cap, never more. An answer that has no body (to a HEAD, or a 204 or 304) is never refused for the length it
 * declares: that is the length of a body it does not send. Thread-safe as the HTTP client uses it: one subscriber
 * per response.
 *
 * <p><b>{@link OutboundServices}</b>: The registry of the services named in the configuration, and the {@link
 * ServiceClient} that calls them: one {@link RegisteredService} per name, each with its own HTTP client and
 * policies. A name that is not registered is refused ({@link ServiceFailure#NOT_REGISTERED}); nothing else is
 * reachable.
 *
 * <p>Once {@link OutboundServices#start() started}, every service is health-checked on an interval, all at once
 * (the JDK client's requests are asynchronous), each check bounded by the health timeout; {@link
 * OutboundServices#healthIndicators()} report the last results, so the server's health and readiness answer at
 * once. Building sends nothing, so the server starts while a service is down.
 *
 * <p>Thread-safe. {@link OutboundServices#close()} stops the checks.
 *
 * <p><b>{@link OutboundMetrics}</b>: The registered services' meters, for any registry they are bound to
 * (Prometheus names in brackets), each tagged with the {@code service}'s name:
 *
 * <ul>
 *   <li>{@code bulwark.service.up} [{@code bulwark_service_up}]: 1 when the last health check passed, else 0;
 *   <li>{@code bulwark.service.health.check.latency} [{@code bulwark_service_health_check_latency_seconds}]: how
 *       long the last health check took;
 *   <li>{@code bulwark.service.requests{outcome}} [{@code bulwark_service_requests_seconds_count} and
 *       {@code _sum}]: calls and their total time by outcome ({@code success}, {@code client_error},
 *       {@code server_error}, {@code timeout}, {@code unreachable}, {@code circuit_open}, {@code busy},
 *       {@code path_refused}, {@code method_not_allowed}, {@code protocol_error}, {@code response_too_large},
 *       {@code redirect_refused}, {@code cancelled});
 *   <li>{@code bulwark.service.retries} [{@code bulwark_service_retries_total}]: attempts after the first;
 *   <li>{@code bulwark.service.circuit.breaker.state{state}} [{@code bulwark_service_circuit_breaker_state}]: 1 for
 *       the breaker's current state ({@code closed}, {@code open}, {@code half_open}), 0 for the others.
 * </ul>
 *
 * <p>Thread-safe; bind it once per registry.
 *
 * <p><b>{@link OutboundTracing}</b>: A client span per HTTP request sent to a registered service (each attempt and
 * each redirect its own), named by the OpenTelemetry HTTP conventions ({@code http.request.method} as the name,
 * {@code http.response.status_code}, {@code server.address} and {@code server.port}, {@code error.type}) plus the
 * service's name ({@code bulwark.service}), and the trace context sent along in the request's {@code traceparent}
 * and {@code tracestate} headers, so the service continues the caller's trace. The URL's path and query are not
 * recorded (they may carry identifiers). Thread-safe.
 *
 * <p><b>{@link ContentCoding}</b>: Undoes the content coding of a response body, so that what crosses the port is
 * the content itself, searchable for the credential ({@link CredentialRedaction}) and readable by a tool. The
 * client asks for {@code identity}; a service that sends {@code gzip} ({@code x-gzip}) or {@code deflate} anyway is
 * decoded, up to the body cap; any other coding is refused as not understood. Stateless.
 *
 * <p><b>{@link ServiceHealthIndicator}</b>: One registered service as a dependency of the server, named {@code
 * service:<name>}: its last background health check (so it answers at once), degraded while its circuit breaker is
 * open, down before its first check. Its criticality is the service's: a required service that is down makes the
 * server not ready. Thread-safe.
 *
 * <p><b>{@link ServiceHealthCheck}</b>: The health check of one service and its last result: a GET of its health
 * path with its credential, on the service's own HTTP client, outside its bulkhead, breaker and retries; up on a
 * 2xx. Logs a service going down or up once. Thread-safe.
 *
 * <p><b>{@link AttemptFailure}</b>: One attempt's failure, inside the policies: the retry policy and the breaker
 * judge it by its kind. It knows whether the request can have reached the service: not when its connection never
 * opened. {@link AttemptFailure#of} sorts the HTTP client's exceptions into them.
 */
package dev.bulwark.outbound;
