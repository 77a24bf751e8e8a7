package dev.bulwark.http;

/** How MCP works over HTTP: with sessions held by this instance, or with every request standing alone. */
public enum HttpMode {
    /**
     * Sessions ({@code Mcp-Session-Id}), SSE responses, the GET stream for server-to-client messages, DELETE to end
     * a session. Needed for server-to-client requests (sampling, elicitation, roots), progress and log
     * notifications. Several instances need session affinity at the load balancer.
     */
    STATEFUL,
    /**
     * No sessions: every POST is answered on its own with a JSON response, so any instance can serve any request
     * behind a plain load balancer. No GET stream, no server-to-client requests.
     */
    STATELESS
}
