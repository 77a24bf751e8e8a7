/**
 * The operations endpoints, never behind authentication: liveness ({@code /health}, from memory), readiness
 * ({@code /ready}, running the checks) and metrics ({@code /metrics}); and the throttled WARN lines of refusals any
 * client can cause.
 */
package dev.bulwark.http.ops;
