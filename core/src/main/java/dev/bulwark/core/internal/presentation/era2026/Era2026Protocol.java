package dev.bulwark.core.internal.presentation.era2026;

import java.util.List;
import java.util.Set;

/** The names and numbers of the MCP 2026-07-28 protocol era that Bulwark uses. Constants only. */
public final class Era2026Protocol {

    /** The one stateless protocol version Bulwark speaks. */
    public static final String VERSION = "2026-07-28";

    /** The stateless versions Bulwark speaks, as {@code server/discover} and {@code -32022} list them. */
    public static final List<String> SUPPORTED_VERSIONS = List.of(VERSION);

    /** The session-era versions: a protocol version header naming one of them is no stateless request. */
    public static final Set<String> SESSION_ERA_VERSIONS = Set.of("2024-11-05", "2025-03-26", "2025-06-18",
            "2025-11-25");

    public static final String META = "_meta";
    public static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    public static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    public static final String DISCOVER = "server/discover";
    public static final String LISTEN = "subscriptions/listen";

    /** The methods served through the SDK's stateless server. */
    public static final Set<String> FORWARDED_METHODS = Set.of("tools/list", "tools/call", "resources/list",
            "resources/templates/list", "resources/read", "prompts/list", "prompts/get", "completion/complete");

    /** The methods whose results carry {@code ttlMs} and {@code cacheScope}. */
    public static final Set<String> CACHEABLE_METHODS = Set.of(DISCOVER, "tools/list", "resources/list",
            "resources/templates/list", "resources/read", "prompts/list");

    /** The HTTP headers a 2026-07-28 request names its method and target in, lower case. */
    public static final String METHOD_HEADER = "mcp-method";
    public static final String NAME_HEADER = "mcp-name";
    public static final String VERSION_HEADER = "mcp-protocol-version";

    public static final int HEADER_MISMATCH = -32020;
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    /**
     * The MCP transport context key under which a 2026-07-28 request carries its protocol version, for the metrics
     * and the audit line; absent on a 2025 request.
     */
    public static final String ERA_CONTEXT_KEY = "bulwark.era2026.protocolVersion";

    /** The MCP transport context key under which a 2026-07-28 request carries its JSON-RPC id, for its span. */
    public static final String REQUEST_ID_CONTEXT_KEY = "bulwark.era2026.requestId";

    /** The MCP transport context key of the client capabilities a 2026-07-28 request declared (a Jackson tree). */
    public static final String CLIENT_CAPABILITIES_CONTEXT_KEY = "bulwark.era2026.clientCapabilities";

    /**
     * The MCP transport context key that says ({@code Boolean.TRUE}) a 2026-07-28 request is served on the thread
     * that handed it over, an isolated tool's handler included, rather than on Reactor's elastic pool and the tool
     * executor.
     */
    public static final String ON_CALLING_THREAD_CONTEXT_KEY = "bulwark.era2026.onCallingThread";

    /**
     * The MCP transport context key of a {@code CompletableFuture<Void>} that completes when the 2026-07-28 request is
     * cancelled (its client left, or cancelled it over stdio): the request's own call is cancelled then, and no other.
     * A 2026 request has no session, and its JSON-RPC id is unique only to its own client, so a cancellation never
     * looks a call up by caller and id.
     */
    public static final String CANCELLED_CONTEXT_KEY = "bulwark.era2026.cancelled";

    private Era2026Protocol() {
    }
}
