/**
 * The operations endpoints: liveness ({@code /health}), readiness ({@code /ready}) and Prometheus metrics
 * ({@code /metrics}); and the throttled WARN lines of refusals any client can cause.
 */
package dev.bulwark.http.ops;
