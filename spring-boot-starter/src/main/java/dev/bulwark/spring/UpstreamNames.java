package dev.bulwark.spring;

import dev.bulwark.config.Suggestions;
import dev.bulwark.ports.origin.ProtocolEra;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.ClassUtils;

/**
 * The names of the upstream MCP servers of {@code bulwark.upstreams.<name>.*}, and the artifacts they need: read
 * without the MCP client on the class path, so that its absence is a line and not a missing class. Stateless.
 */
final class UpstreamNames {

    /** The prefix of every upstream's keys. */
    static final String PREFIX = "bulwark.upstreams";

    /** How an upstream's key is written, for the IDE metadata. */
    enum Type {
        TEXT("java.lang.String"),
        LIST("java.util.List<java.lang.String>"),
        DURATION("java.time.Duration"),
        INTEGER("java.lang.Integer"),
        SIZE("java.lang.String");

        private final String javaType;

        Type(String javaType) {
            this.javaType = javaType;
        }

        /** The type the IDE metadata names. */
        String javaType() {
            return javaType;
        }
    }

    /**
     * One key of an upstream.
     *
     * @param path its path after {@code bulwark.upstreams.<name>.}
     * @param description what it sets, for the IDE metadata, as docs/gateway.md's Fields table says
     */
    record Key(String path, Type type, String description) {}

    /** The keys of one upstream, as the server jar's {@code upstreams} section has them, in the docs' order. */
    static final List<Key> ALL = List.of(
            new Key(
                    "transport",
                    Type.TEXT,
                    "stdio (a command Bulwark starts) or http (a Streamable HTTP endpoint); required"),
            new Key("command", Type.TEXT, "stdio: the program Bulwark starts, found on the application's PATH"),
            new Key("args", Type.LIST, "stdio: the program's arguments, in order"),
            new Key(
                    "env",
                    Type.LIST,
                    "stdio: NAME=value variables the child gets; it gets no other variable but those of pass-env; never shown"),
            new Key(
                    "pass-env",
                    Type.LIST,
                    "stdio: names of the application's own variables the child gets too (PATH, HOME, a token)"),
            new Key(
                    "working-directory",
                    Type.TEXT,
                    "stdio: the directory the child starts in; unset = the application's"),
            new Key("url", Type.TEXT, "http: the MCP endpoint, http:// or https://, no user info or fragment"),
            new Key(
                    "credential-header",
                    Type.TEXT,
                    "http: header the credential goes in (Authorization by default, as Bearer <credential>); any other header carries the credential as it is"),
            new Key(
                    "credential",
                    Type.TEXT,
                    "http: token or key sent to the upstream; UPSTREAM_CREDENTIAL_<NAME> wins over it; never shown"),
            new Key(
                    "credential-file",
                    Type.TEXT,
                    "http: file the credential is read from at each connection, in place of credential"),
            new Key(
                    "timeout",
                    Type.DURATION,
                    "Longest wait for one call's answer, 30s by default; then it is cancelled upstream. At most 1h"),
            new Key(
                    "max-concurrency",
                    Type.INTEGER,
                    "Calls to the upstream at once, 16 by default; one more is refused at once as busy"),
            new Key(
                    "breaker-failures",
                    Type.INTEGER,
                    "Failures in a row (timeouts, lost connections, the upstream's own errors; not the errors a caller caused) that open the upstream's breaker, 5 by default"),
            new Key(
                    "breaker-open",
                    Type.DURATION,
                    "How long an open breaker refuses calls before one is let through, 30s by default"),
            new Key(
                    "max-result-size",
                    Type.SIZE,
                    "Largest result passed on, 1KiB to 64MiB, 4MiB by default; a larger one is refused"),
            new Key(
                    "prefix",
                    Type.TEXT,
                    "Put before each tool's and prompt's name; <name>_ by default; none lists names and resource URIs as they are"),
            new Key(
                    "rename",
                    Type.LIST,
                    "upstream-name=new-name items: the new name replaces prefix and name, for clashes"),
            new Key("scope", Type.TEXT, "Scope a caller needs for every tool, prompt and resource of the upstream"),
            new Key("allow", Type.LIST, "The only tools served, by their upstream names; unset = all"),
            new Key("deny", Type.LIST, "Tools never served, by their upstream names"),
            new Key(
                    "task-support",
                    Type.TEXT,
                    "Whether a call of the upstream's tools may run as a task: forbidden (default), optional or"
                            + " required; a tool the upstream lists as taking tasks is served with at least its own"),
            new Key(
                    "era",
                    Type.TEXT,
                    "The protocol era spoken to the upstream, over http or stdio: auto (default: "
                            + ProtocolEra.REQUESTS_2026_07_28.version()
                            + " when it answers server/discover in it, else "
                            + ProtocolEra.SESSIONS_2025_11_25.version() + "), "
                            + ProtocolEra.SESSIONS_2025_11_25.version() + " or "
                            + ProtocolEra.REQUESTS_2026_07_28.version()));

    /** The paths of {@link #ALL}. */
    static final List<String> KEYS = ALL.stream().map(Key::path).toList();

    /** The keys whose values are secret: a credential, and the child's variables, which may hold one. */
    static final List<String> SECRET_KEYS = List.of("credential", "env");

    /** The class of each artifact the upstreams run on, by the artifact. */
    private static final List<List<String>> NEEDED = List.of(
            List.of("dev.bulwark:bulwark-adapter-mcp-client", "dev.bulwark.mcpclient.McpClientUpstreams"),
            List.of("dev.bulwark:bulwark-tools", "dev.bulwark.tools.GatewayPack"));

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

    private UpstreamNames() {}

    /** Whether {@code name} is under {@code bulwark.upstreams}, which this class reads rather than the key tables. */
    static boolean covers(ConfigurationPropertyName name) {
        return ROOT.isAncestorOf(name) || ROOT.equals(name);
    }

    /**
     * The upstreams {@code environment} names, in the order first seen; an unknown key under one is a line in
     * {@code problems}, except in environment variables, as elsewhere.
     */
    static List<String> read(Environment environment, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean variables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            iterable.stream().filter(ROOT::isAncestorOf).forEach(property -> {
                if (property.getNumberOfElements() < 4) {
                    if (!variables) {
                        problems.add(property + ": is not a Bulwark property: name an upstream's key, as " + PREFIX
                                + ".<name>.transport");
                    }
                    return;
                }
                String name = property.getElement(2, ConfigurationPropertyName.Form.DASHED);
                String key = withoutIndex(property).subName(3).toString();
                if (!KEYS.contains(key)) {
                    if (!variables) {
                        problems.add(property + ": is not a key of an upstream" + Suggestions.didYouMean(key, KEYS)
                                + "; an upstream has " + String.join(", ", KEYS));
                    }
                    return;
                }
                names.add(name);
            });
        }
        return List.copyOf(names);
    }

    /** The artifacts the upstreams need that {@code loader} lacks, as {@code group:artifact}; empty when none. */
    static List<String> missingArtifacts(ClassLoader loader) {
        List<String> missing = new ArrayList<>();
        for (List<String> needed : NEEDED) {
            if (!ClassUtils.isPresent(needed.get(1), loader)) {
                missing.add(needed.get(0));
            }
        }
        return missing;
    }

    /** The line that stops the start when {@link #missingArtifacts} is not empty. */
    static Optional<String> missingLine(List<String> names, ClassLoader loader) {
        List<String> missing = missingArtifacts(loader);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PREFIX + ": names " + String.join(", ", names) + ", and the upstreams need "
                + String.join(" and ", missing) + ", which the class path lacks: add "
                + (missing.size() == 1 ? "it" : "them") + " to the application's dependencies, or remove " + PREFIX);
    }

    private static ConfigurationPropertyName withoutIndex(ConfigurationPropertyName name) {
        ConfigurationPropertyName plain = name;
        while (plain.isLastElementIndexed()) {
            plain = plain.getParent();
        }
        return plain;
    }
}
