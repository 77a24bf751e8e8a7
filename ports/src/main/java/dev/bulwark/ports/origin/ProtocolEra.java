package dev.bulwark.ports.origin;

import java.util.List;
import java.util.Optional;

/** The two MCP protocol eras Bulwark serves, each with the protocol version that names it on the wire. */
public enum ProtocolEra {

    /** Sessions opened by {@code initialize}, protocol version 2025-11-25. */
    SESSIONS_2025_11_25("2025-11-25"),

    /** Requests that each carry their protocol version and client capabilities, protocol version 2026-07-28. */
    REQUESTS_2026_07_28("2026-07-28");

    /** The {@code _meta} key of a 2026-07-28 request that names its protocol version. */
    public static final String VERSION_META_KEY = "io.modelcontextprotocol/protocolVersion";

    /**
     * The session-era versions Streamable HTTP accepts, oldest first: the two before 2025-11-25 differ from it only
     * in what the server may send, which Bulwark decides per request.
     */
    public static final List<String> SESSION_VERSIONS =
            List.of("2025-03-26", "2025-06-18", SESSIONS_2025_11_25.version);

    /** The version of the HTTP+SSE transport before Streamable HTTP: no Bulwark transport serves it. */
    public static final String HTTP_SSE_VERSION = "2024-11-05";

    /** Every era, read by each request's version check: {@code values()} would copy the array each time. */
    private static final List<ProtocolEra> ERAS = List.of(values());

    private final String version;

    ProtocolEra(String version) {
        this.version = version;
    }

    /** The protocol version string of this era, as it appears on the wire. */
    public String version() {
        return version;
    }

    /** The era whose protocol version is {@code version}, or empty for any other string. */
    public static Optional<ProtocolEra> ofVersion(String version) {
        for (ProtocolEra era : ERAS) {
            if (era.version.equals(version)) {
                return Optional.of(era);
            }
        }
        return Optional.empty();
    }
}
