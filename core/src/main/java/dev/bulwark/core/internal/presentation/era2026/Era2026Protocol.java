package dev.bulwark.core.internal.presentation.era2026;

import dev.bulwark.ports.origin.ProtocolEra;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The names and numbers of the 2026 protocol era that Bulwark uses. Constants only. */
final class Era2026Protocol {

    /** The protocol version of the 2026 era that Bulwark speaks. */
    public static final String VERSION = ProtocolEra.REQUESTS_2026_07_28.version();

    /** The 2026-era versions Bulwark speaks, as {@code server/discover} and {@code -32022} list them. */
    public static final List<String> SUPPORTED_VERSIONS = List.of(VERSION);

    /** The session-era versions: a protocol version header naming one of them is no 2026-era request. */
    public static final Set<String> SESSION_ERA_VERSIONS = Stream.concat(
                    Stream.of(ProtocolEra.HTTP_SSE_VERSION), ProtocolEra.SESSION_VERSIONS.stream())
            .collect(Collectors.toUnmodifiableSet());

    public static final String META = "_meta";
    public static final String PROTOCOL_VERSION = ProtocolEra.VERSION_META_KEY;
    public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    public static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    public static final String DISCOVER = "server/discover";
    public static final String LISTEN = "subscriptions/listen";

    /** The methods served through the SDK's stateless server. */
    public static final Set<String> FORWARDED_METHODS = Set.of(
            "tools/list",
            "tools/call",
            "resources/list",
            "resources/templates/list",
            "resources/read",
            "prompts/list",
            "prompts/get",
            "completion/complete");

    /** The methods whose results carry {@code ttlMs} and {@code cacheScope}. */
    public static final Set<String> CACHEABLE_METHODS = Set.of(
            DISCOVER, "tools/list", "resources/list", "resources/templates/list", "resources/read", "prompts/list");

    /** The HTTP headers a 2026-era request names its method and target in, lower case. */
    public static final String METHOD_HEADER = "mcp-method";

    public static final String NAME_HEADER = "mcp-name";
    public static final String VERSION_HEADER = "mcp-protocol-version";

    public static final int HEADER_MISMATCH = -32020;
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private Era2026Protocol() {}
}
