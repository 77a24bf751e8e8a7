package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigType;
import dev.bulwark.monitor.MonitorTarget;
import java.util.List;
import java.util.Optional;

/**
 * The config file's {@code monitor.targets} section: one section per MCP server the fleet monitor watches, named by
 * the target, holding the {@link #FIELDS}. Targets are configured in the file only; a target's credential may also
 * come from the environment variable {@code MONITOR_CREDENTIAL_<NAME>}, which wins over the file. Owner:
 * {@link MonitorTarget}, which checks each field. The {@code monitor.*} keys are
 * {@link dev.bulwark.monitor.MonitorKeys}.
 */
final class MonitorTargetFields {

    /** The config file's section of targets. */
    public static final String TARGETS_SECTION = "monitor.targets";

    /** The fields of a target's section, in the order the docs list them. */
    public static final List<SectionField<MonitorTarget.Builder, ?>> FIELDS = List.of(
            new SectionField<>(
                    "url",
                    ConfigType.STRING,
                    "(required)",
                    "The server's MCP endpoint (Streamable HTTP), http:// or https://; no user info, query or"
                            + " fragment",
                    false,
                    MonitorTarget.Builder::url),
            new SectionField<>(
                    "timeout",
                    ConfigType.DURATION,
                    ConfigType.DURATION.format(MonitorTarget.DEFAULT_TIMEOUT),
                    "Deadline of one whole check (connect, initialize, tools/list, the probe call), at most 300s",
                    false,
                    MonitorTarget.Builder::timeout),
            new SectionField<>(
                    "probe-tool",
                    ConfigType.STRING,
                    "(none)",
                    "Tool called with no arguments after tools/list; it must be listed and answer without isError,"
                            + " and a structured status of unhealthy or degraded is the server's own (Bulwark:"
                            + " health_check)",
                    false,
                    MonitorTarget.Builder::probeTool),
            new SectionField<>(
                    "credential-header",
                    ConfigType.STRING,
                    MonitorTarget.DEFAULT_CREDENTIAL_HEADER,
                    "Header that carries the credential; Authorization sends Bearer <credential>, any other"
                            + " header (X-API-Key) the credential as it is",
                    false,
                    MonitorTarget.Builder::credentialHeader),
            new SectionField<>(
                    "credential",
                    ConfigType.STRING,
                    "(secret)",
                    "Bearer token or API key the monitor presents; MONITOR_CREDENTIAL_<NAME> (the name upper-case,"
                            + " - as _) wins over it; never printed, never in /metrics or /fleet",
                    true,
                    MonitorTarget.Builder::credential));

    private MonitorTargetFields() {}

    /** The field of this name, if any. */
    static Optional<SectionField<MonitorTarget.Builder, ?>> field(String name) {
        return SectionField.named(FIELDS, name);
    }

    /** Every field's name. */
    static List<String> fieldNames() {
        return SectionField.names(FIELDS);
    }
}
