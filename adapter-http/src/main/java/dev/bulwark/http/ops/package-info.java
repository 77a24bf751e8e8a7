/**
 * The operations endpoints: liveness ({@code /health}), readiness ({@code /ready}) and Prometheus metrics
 * ({@code /metrics}); and the throttled WARN lines of refusals any client can cause.
 *
 * <p><b>{@link HealthEndpoint}</b>: {@code /health} (liveness) and {@code /ready} (readiness) for load balancers
 * and Kubernetes probes, never behind authentication. Liveness answers 200 while the process can serve at all, from
 * memory: it runs no check and waits on no dependency, and its body shows what the last check found ({@link
 * ServerHealthSource#lastKnownHealth()}), {@code "status":"unknown"} before the first. Readiness runs the checks
 * and answers 503 when the server is unhealthy (a required dependency is down) or draining, and turns 503 the
 * moment the drain starts, without running any check. The JSON body holds statuses only: no details, host names or
 * secrets. Thread-safe.
 *
 * <p><b>{@link ThrottledLog}</b>: A WARN line that any client can cause at will, written at most once per interval:
 * the lines in between are not written, only counted, and the next line written says how many were left out ({@code
 * suppressed}). So a flood of refusals is told to the operator without becoming a flood of lines. The message is
 * fixed text; only the values given as key-values vary, and never any text a client chose. Thread-safe.
 *
 * <p><b>{@link MetricsEndpoint}</b>: {@code /metrics}: the server's meters in the exposition format of the {@link
 * MetricsExposition} port (Prometheus text in the reference server), for a scraper; never behind authentication,
 * never holding secrets. Thread-safe.
 */
package dev.bulwark.http.ops;
