/**
 * The HTTP adapter's own meters (connections, exchanges, refusals, sessions), published as a Micrometer binder.
 *
 * <p><b>{@link HttpMetrics}</b>: The HTTP transport's meters, in Prometheus form (listed in {@code
 * docs/operations.md}, HTTP metrics):
 *
 * <ul>
 *   <li>{@code mcp_active_connections}: open connections on the MCP port;
 *   <li>{@code mcp_http_requests_total{method,status}} and {@code mcp_http_request_duration_seconds{method}}:
 *       every HTTP exchange on {@code /mcp} by HTTP method and status, an SSE response timed until its stream ends
 *       (tool calls themselves are counted by the pipeline in {@code mcp_requests_total{method="tools/call"}});
 *   <li>{@code mcp_errors_total{error_type}}: requests the edge refused, with an {@code http_} error type
 *       ({@code http_forbidden_origin}, {@code http_payload_too_large}, {@code http_draining}, ...), and connections
 *       closed below HTTP ({@link HttpMetrics#CONNECTIONS_PER_ADDRESS}, {@link HttpMetrics#REQUEST_HEAD_TIMEOUT}); the
 *       {@link HttpMetrics#REGISTERED_AT_ZERO} types are registered at zero when bound, so a fresh server already has them;
 *   <li>{@code mcp_sessions_active}, {@code mcp_sessions_evicted_total}, {@code mcp_sessions_rejected_total}.
 * </ul>
 *
 * <p>Bound to the server's registry as a {@link MeterBinder}; what happens before binding is not recorded. Never
 * the global registry. Thread-safe.
 */
package dev.bulwark.http.metrics;
