package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigType;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.ports.origin.ProtocolEra;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The config file's {@code upstreams} section: one section per upstream MCP server, named by the upstream, holding
 * the {@link #FIELDS}. Upstreams are configured in the file only; a credential may also come from
 * {@code UPSTREAM_CREDENTIAL_<NAME>}, which wins over the file. Owner: {@link UpstreamSettings}, which checks each field.
 */
final class UpstreamFields {

    /** A list whose order and repeats count, such as a command's arguments. */
    static final ConfigType<List<String>> ORDERED_LIST = ConfigType.ofList(
            "list",
            text -> Arrays.stream(text.split(","))
                    .map(String::strip)
                    .filter(item -> !item.isEmpty())
                    .toList(),
            items -> String.join(",", items));

    private static final String ERA_2025 = ProtocolEra.SESSIONS_2025_11_25.version();
    private static final String ERA_2026 = ProtocolEra.REQUESTS_2026_07_28.version();

    /** The fields of an upstream's section, in the order the docs list them. */
    static final List<SectionField<UpstreamSettings.Builder, ?>> FIELDS = List.of(
            new SectionField<>(
                    "transport",
                    ConfigType.STRING,
                    "(required)",
                    "stdio (a command Bulwark starts) or http (a Streamable HTTP endpoint)",
                    false,
                    UpstreamSettings.Builder::transport),
            new SectionField<>(
                    "command",
                    ConfigType.STRING,
                    "(none)",
                    "stdio: the program Bulwark starts, found on Bulwark's own PATH",
                    false,
                    UpstreamSettings.Builder::command),
            new SectionField<>(
                    "args",
                    ORDERED_LIST,
                    "(none)",
                    "stdio: the program's arguments, in order; an argument cannot hold a comma",
                    false,
                    UpstreamSettings.Builder::args),
            new SectionField<>(
                    "env",
                    ConfigType.LIST,
                    "(none)",
                    "stdio: NAME=value variables the child gets; it gets no other variable but those of pass-env;"
                            + " never printed",
                    true,
                    UpstreamSettings.Builder::env),
            new SectionField<>(
                    "pass-env",
                    ConfigType.LIST,
                    "(none)",
                    "stdio: names of Bulwark's own variables the child gets too (PATH, HOME, a token)",
                    false,
                    UpstreamSettings.Builder::passEnv),
            new SectionField<>(
                    "working-directory",
                    ConfigType.STRING,
                    "(Bulwark's)",
                    "stdio: the directory the child starts in",
                    false,
                    UpstreamSettings.Builder::workingDirectory),
            new SectionField<>(
                    "url",
                    ConfigType.STRING,
                    "(none)",
                    "http: the MCP endpoint, http:// or https://, no user info or fragment",
                    false,
                    UpstreamSettings.Builder::url),
            new SectionField<>(
                    "credential-header",
                    ConfigType.STRING,
                    UpstreamSettings.DEFAULT_CREDENTIAL_HEADER,
                    "http: header the credential goes in; Authorization sends Bearer <credential>, any other header"
                            + " the credential as it is",
                    false,
                    UpstreamSettings.Builder::credentialHeader),
            new SectionField<>(
                    "credential",
                    ConfigType.STRING,
                    "(secret)",
                    "http: token or key sent to the upstream; UPSTREAM_CREDENTIAL_<NAME> (upper-case, - as _) wins"
                            + " over it; never printed, never returned",
                    true,
                    UpstreamSettings.Builder::credential),
            new SectionField<>(
                    "credential-file",
                    ConfigType.STRING,
                    "(none)",
                    "http: file the credential is read from at each connection, in place of credential",
                    false,
                    UpstreamSettings.Builder::credentialFile),
            new SectionField<>(
                    "timeout",
                    ConfigType.DURATION,
                    ConfigType.DURATION.format(UpstreamSettings.DEFAULT_TIMEOUT),
                    "Longest wait for one call's answer; then it is cancelled upstream. At most 1h",
                    false,
                    UpstreamSettings.Builder::timeout),
            new SectionField<>(
                    "max-concurrency",
                    ConfigType.INT,
                    String.valueOf(UpstreamSettings.DEFAULT_MAX_CONCURRENCY),
                    "Calls to the upstream at once; one more is refused at once as busy",
                    false,
                    UpstreamSettings.Builder::maxConcurrency),
            new SectionField<>(
                    "breaker-failures",
                    ConfigType.INT,
                    String.valueOf(UpstreamSettings.DEFAULT_BREAKER_FAILURES),
                    "Failures in a row (timeouts, lost connections, the upstream's own errors; not the errors a caller caused) that open the upstream's breaker",
                    false,
                    UpstreamSettings.Builder::breakerFailures),
            new SectionField<>(
                    "breaker-open",
                    ConfigType.DURATION,
                    ConfigType.DURATION.format(UpstreamSettings.DEFAULT_BREAKER_OPEN),
                    "How long an open breaker refuses calls before one is let through",
                    false,
                    UpstreamSettings.Builder::breakerOpen),
            new SectionField<>(
                    "max-result-size",
                    ConfigType.BYTE_SIZE,
                    ConfigType.BYTE_SIZE.format(UpstreamSettings.DEFAULT_MAX_RESULT_BYTES),
                    "Largest result passed on, 1KiB to 64MiB; a larger one is refused",
                    false,
                    UpstreamSettings.Builder::maxResultBytes),
            new SectionField<>(
                    "prefix",
                    ConfigType.STRING,
                    "<name>_",
                    "Put before each tool's and prompt's name in Bulwark's lists; none lists names and resource URIs as they are",
                    false,
                    (builder, prefix) -> builder.prefix(prefix.strip().equals("none") ? "" : prefix.strip())),
            new SectionField<>(
                    "rename",
                    ConfigType.LIST,
                    "(none)",
                    "upstream-name=new-name items: the new name replaces prefix and name, for clashes",
                    false,
                    UpstreamSettings.Builder::rename),
            new SectionField<>(
                    "scope",
                    ConfigType.STRING,
                    "(none)",
                    "Scope a caller needs for every tool, prompt and resource of the upstream",
                    false,
                    UpstreamSettings.Builder::scope),
            new SectionField<>(
                    "allow",
                    ConfigType.LIST,
                    "(all)",
                    "The only tools served, by their upstream names",
                    false,
                    UpstreamSettings.Builder::allow),
            new SectionField<>(
                    "deny",
                    ConfigType.LIST,
                    "(none)",
                    "Tools never served, by their upstream names",
                    false,
                    UpstreamSettings.Builder::deny),
            new SectionField<>(
                    "task-support",
                    UpstreamSettings.TASK_SUPPORT,
                    "forbidden",
                    "Whether a call of the upstream's tools may run as a task: forbidden, optional (a client that"
                            + " asks gets a task) or required (tasks only). A tool the upstream lists as taking tasks"
                            + " is served with at least its own",
                    false,
                    UpstreamSettings.Builder::taskSupport),
            new SectionField<>(
                    "era",
                    UpstreamSettings.ERA,
                    "auto",
                    "The protocol era spoken to the upstream: auto (" + ERA_2026 + " when it answers server/discover"
                            + " in it, else " + ERA_2025 + "), " + ERA_2025 + ", or " + ERA_2026
                            + " (not connected otherwise), over http or stdio",
                    false,
                    UpstreamSettings.Builder::era));

    private UpstreamFields() {}

    /** The field of this name, if any. */
    static Optional<SectionField<UpstreamSettings.Builder, ?>> field(String name) {
        return SectionField.named(FIELDS, name);
    }

    /** Every field's name. */
    static List<String> fieldNames() {
        return SectionField.names(FIELDS);
    }
}
