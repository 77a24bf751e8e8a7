/** The operations endpoints: liveness ({@code /health}), readiness ({@code /ready}) and Prometheus metrics ({@code /metrics}). */
package dev.bulwark.http.ops;
