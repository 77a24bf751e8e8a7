package dev.bulwark.mcpclient;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigProblemException;
import dev.bulwark.config.ConfigType;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.upstream.UpstreamTool;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One upstream MCP server as its configuration section ({@code upstreams.<name>}) names it: how it is reached, its
 * credential, its bounds and how its tools are shown. Built by {@link Builder}, which reports every problem at once.
 * Immutable; {@link #toString()} never prints the credential or the environment's values.
 */
public final class UpstreamSettings {

    /** The section of the config file that holds one section per upstream. */
    public static final String SECTION = "upstreams";

    /** How long a call may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** How many calls may run at once by default. */
    public static final int DEFAULT_MAX_CONCURRENCY = 16;

    /** How many failures in a row open the breaker by default. */
    public static final int DEFAULT_BREAKER_FAILURES = 5;

    /** How long an open breaker refuses calls by default. */
    public static final Duration DEFAULT_BREAKER_OPEN = Duration.ofSeconds(30);

    /** The largest result passed on by default. */
    public static final long DEFAULT_MAX_RESULT_BYTES = 4L * 1024 * 1024;

    /** The largest result any upstream may be given. */
    public static final long MAX_RESULT_BYTES = 64L * 1024 * 1024;

    /** The header a credential goes in by default, as {@code Bearer <credential>}. */
    public static final String DEFAULT_CREDENTIAL_HEADER = "Authorization";

    /** The type of {@code task-support}, parsed and worded as a service's: forbidden, optional or required. */
    public static final ConfigType<UpstreamTool.TaskSupport> TASK_SUPPORT = ConfigType.of(
            "forbidden|optional|required", UpstreamTool.TaskSupport::parse, UpstreamTool.TaskSupport::wireName);

    /** The type of {@code era}: auto, or a {@link ProtocolEra}'s version. */
    public static final ConfigType<Era> ERA = ConfigType.of(
            "auto|" + ProtocolEra.SESSIONS_2025_11_25.version() + "|" + ProtocolEra.REQUESTS_2026_07_28.version(),
            Era::parse,
            Era::wireName);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{0,64}");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** How an upstream is reached. */
    public enum Transport {
        /** A child process Bulwark starts, speaking MCP on its standard input and output. */
        STDIO,
        /** A Streamable HTTP endpoint. */
        HTTP
    }

    /** The protocol era Bulwark speaks to an upstream. */
    public enum Era {
        /** The 2026 era when the upstream answers {@code server/discover} in it, else the 2025 session era. */
        AUTO("auto"),
        /** The session era: {@code initialize}, then requests in the session. */
        V2025_11_25(ProtocolEra.SESSIONS_2025_11_25.version()),
        /** The stateless era; an upstream that does not speak it is not connected. */
        V2026_07_28(ProtocolEra.REQUESTS_2026_07_28.version());

        private final String wireName;

        Era(String wireName) {
            this.wireName = wireName;
        }

        /**
         * The value of an {@code era} setting.
         *
         * @throws IllegalArgumentException for any other text
         */
        public static Era parse(String text) {
            String wanted = text.strip().toLowerCase(Locale.ROOT);
            for (Era era : values()) {
                if (era.wireName.equals(wanted)) {
                    return era;
                }
            }
            throw new IllegalArgumentException("is not auto, " + V2025_11_25.wireName + " or " + V2026_07_28.wireName);
        }

        /** The setting's spelling: {@code auto}, or its era's protocol version. */
        public String wireName() {
            return wireName;
        }
    }

    private final String name;
    private final Transport transport;
    private final String command;
    private final List<String> args;
    private final Map<String, String> env;
    private final Set<String> passEnv;
    private final Optional<Path> workingDirectory;
    private final Optional<URI> url;
    private final String credentialHeader;
    private final Optional<String> credential;
    private final Optional<Path> credentialFile;
    private final Duration timeout;
    private final int maxConcurrency;
    private final int breakerFailures;
    private final Duration breakerOpen;
    private final long maxResultBytes;
    private final String prefix;
    private final Map<String, String> rename;
    private final Optional<String> scope;
    private final Set<String> allow;
    private final Set<String> deny;
    private final UpstreamTool.TaskSupport taskSupport;
    private final Era era;

    private UpstreamSettings(Builder builder) {
        this.name = builder.name;
        this.transport = builder.transport;
        this.command = builder.command;
        this.args = List.copyOf(builder.args);
        this.env = Map.copyOf(builder.env);
        this.passEnv = Set.copyOf(builder.passEnv);
        this.workingDirectory = builder.workingDirectory;
        this.url = builder.url;
        this.credentialHeader = builder.credentialHeader;
        this.credential = builder.credential;
        this.credentialFile = builder.credentialFile;
        this.timeout = builder.timeout;
        this.maxConcurrency = builder.maxConcurrency;
        this.breakerFailures = builder.breakerFailures;
        this.breakerOpen = builder.breakerOpen;
        this.maxResultBytes = builder.maxResultBytes;
        this.prefix = builder.prefix.orElse(builder.name + "_");
        this.rename = Map.copyOf(builder.rename);
        this.scope = builder.scope;
        this.allow = Set.copyOf(builder.allow);
        this.deny = Set.copyOf(builder.deny);
        this.taskSupport = builder.taskSupport;
        this.era = builder.era;
    }

    /** A builder for the upstream {@code name}, with the defaults. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Whether {@code name} may name an upstream: 1-63 lower-case letters, digits and dashes, starting with a letter. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The environment variable whose credential wins over the file's: {@code UPSTREAM_CREDENTIAL_<NAME>}. */
    public static String credentialVariable(String name) {
        return "UPSTREAM_CREDENTIAL_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String name() {
        return name;
    }

    public Transport transport() {
        return transport;
    }

    /** The command of a stdio upstream; empty for HTTP. */
    public String command() {
        return command;
    }

    public List<String> args() {
        return args;
    }

    /** The variables the child gets with their values, beside those of {@link #passEnv()}. */
    public Map<String, String> env() {
        return env;
    }

    /** The variables of Bulwark's own environment the child gets too, when Bulwark has them. */
    public Set<String> passEnv() {
        return passEnv;
    }

    public Optional<Path> workingDirectory() {
        return workingDirectory;
    }

    /** The endpoint of an HTTP upstream; empty for stdio. */
    public Optional<URI> url() {
        return url;
    }

    public String credentialHeader() {
        return credentialHeader;
    }

    /** The credential given as a value; never log it. */
    public Optional<String> credential() {
        return credential;
    }

    /** The file the credential is read from at each connection, when given so. */
    public Optional<Path> credentialFile() {
        return credentialFile;
    }

    public Duration timeout() {
        return timeout;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public int breakerFailures() {
        return breakerFailures;
    }

    public Duration breakerOpen() {
        return breakerOpen;
    }

    public long maxResultBytes() {
        return maxResultBytes;
    }

    /** What goes before each of its tools' names in Bulwark's list; the upstream's name and {@code _} by default. */
    public String prefix() {
        return prefix;
    }

    /** Names given to its tools in place of prefix and name, by their upstream name. */
    public Map<String, String> rename() {
        return rename;
    }

    /** The scope a caller needs for every tool of the upstream, when one is set. */
    public Optional<String> scope() {
        return scope;
    }

    /** The only upstream tools served, by their upstream name; empty serves all but {@link #deny()}. */
    public Set<String> allow() {
        return allow;
    }

    /** Upstream tools never served, by their upstream name. */
    public Set<String> deny() {
        return deny;
    }

    /**
     * Whether a call of the upstream's tools may run as a Bulwark task; {@link UpstreamTool.TaskSupport#FORBIDDEN}
     * by default. A tool whose listing asks for more is served with its own.
     */
    public UpstreamTool.TaskSupport taskSupport() {
        return taskSupport;
    }

    /** The protocol era spoken to the upstream; {@link Era#AUTO} by default. */
    public Era era() {
        return era;
    }

    /** The name Bulwark lists the upstream tool {@code tool} under. */
    public String exposedName(String tool) {
        return rename.getOrDefault(tool, prefix + tool);
    }

    /** Whether the upstream tool {@code tool} is served. */
    public boolean serves(String tool) {
        return (allow.isEmpty() || allow.contains(tool)) && !deny.contains(tool);
    }

    /** Names the upstream and its transport only: never its command, URL, environment or credential. */
    @Override
    public String toString() {
        return "UpstreamSettings[" + name + ", " + transport.name().toLowerCase(Locale.ROOT) + "]";
    }

    /** Collects one upstream's settings; {@link #build()} checks them together. Not thread-safe. */
    public static final class Builder {

        private final String name;
        private Transport transport;
        private String transportText;
        private String command = "";
        private List<String> args = List.of();
        private Map<String, String> env = Map.of();
        private Set<String> passEnv = Set.of();
        private Optional<Path> workingDirectory = Optional.empty();
        private Optional<URI> url = Optional.empty();
        private String urlProblem;
        private String credentialHeader = DEFAULT_CREDENTIAL_HEADER;
        private Optional<String> credential = Optional.empty();
        private Optional<Path> credentialFile = Optional.empty();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private int breakerFailures = DEFAULT_BREAKER_FAILURES;
        private Duration breakerOpen = DEFAULT_BREAKER_OPEN;
        private long maxResultBytes = DEFAULT_MAX_RESULT_BYTES;
        private Optional<String> prefix = Optional.empty();
        private Map<String, String> rename = Map.of();
        private Optional<String> scope = Optional.empty();
        private Set<String> allow = Set.of();
        private Set<String> deny = Set.of();
        private UpstreamTool.TaskSupport taskSupport = UpstreamTool.TaskSupport.FORBIDDEN;
        private Era era = Era.AUTO;

        private Builder(String name) {
            if (!isValidName(name)) {
                throw new IllegalArgumentException(
                        "an upstream name is 1-63 lower-case letters, digits and dashes, starting with a letter");
            }
            this.name = name;
        }

        /** {@code stdio} or {@code http}. */
        public Builder transport(String text) {
            this.transportText = Objects.requireNonNull(text, "transport").strip();
            this.transport = switch (transportText.toLowerCase(Locale.ROOT)) {
                case "stdio" -> Transport.STDIO;
                case "http" -> Transport.HTTP;
                default -> throw problem("transport", "is not stdio or http");
            };
            return this;
        }

        public Builder command(String command) {
            this.command = Objects.requireNonNull(command, "command").strip();
            return this;
        }

        public Builder args(List<String> args) {
            this.args = List.copyOf(args);
            return this;
        }

        /** The child's variables as {@code NAME=value} items. */
        public Builder env(Set<String> items) {
            Map<String, String> parsed = new LinkedHashMap<>();
            for (String item : items) {
                int equals = item.indexOf('=');
                String variable = equals < 0 ? item : item.substring(0, equals);
                if (equals < 0 || !VARIABLE.matcher(variable).matches()) {
                    throw problem("env", "holds an item that is not NAME=value (a name of letters, digits and _)");
                }
                parsed.put(variable, item.substring(equals + 1));
            }
            this.env = parsed;
            return this;
        }

        /** The child's variables as a map. */
        public Builder env(Map<String, String> variables) {
            variables.keySet().forEach(variable -> {
                if (!VARIABLE.matcher(variable).matches()) {
                    throw problem("env", "names a variable that is not letters, digits and _");
                }
            });
            this.env = new LinkedHashMap<>(variables);
            return this;
        }

        public Builder passEnv(Set<String> variables) {
            for (String variable : variables) {
                if (!VARIABLE.matcher(variable).matches()) {
                    throw problem("pass-env", "names a variable that is not letters, digits and _");
                }
            }
            this.passEnv = new LinkedHashSet<>(variables);
            return this;
        }

        public Builder workingDirectory(String directory) {
            this.workingDirectory = Optional.of(Path.of(directory.strip()));
            return this;
        }

        public Builder url(String text) {
            this.urlProblem = null;
            try {
                URI parsed = new URI(text.strip());
                String scheme =
                        parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    urlProblem = "is not an http:// or https:// URL";
                } else if (parsed.getHost() == null) {
                    urlProblem = "has no host";
                } else if (parsed.getUserInfo() != null) {
                    urlProblem = "holds user info: give the credential in credential or " + credentialVariable(name);
                } else if (parsed.getFragment() != null) {
                    urlProblem = "has a fragment";
                }
                this.url = Optional.of(parsed);
            } catch (URISyntaxException e) {
                urlProblem = "is not a valid URL";
            }
            if (urlProblem != null) {
                throw problem("url", urlProblem);
            }
            return this;
        }

        public Builder credentialHeader(String header) {
            String stripped = header.strip();
            if (!HEADER.matcher(stripped).matches()) {
                throw problem("credential-header", "is not an HTTP header name");
            }
            this.credentialHeader = stripped;
            return this;
        }

        public Builder credential(String credential) {
            this.credential = Optional.of(credential.strip()).filter(value -> !value.isEmpty());
            return this;
        }

        public Builder credentialFile(String file) {
            this.credentialFile = Optional.of(Path.of(file.strip()));
            return this;
        }

        public Builder timeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw problem("timeout", "must be more than 0s and at most 1h");
            }
            this.timeout = timeout;
            return this;
        }

        public Builder maxConcurrency(int max) {
            if (max < 1 || max > 10_000) {
                throw problem("max-concurrency", "must be 1 to 10000");
            }
            this.maxConcurrency = max;
            return this;
        }

        public Builder breakerFailures(int failures) {
            if (failures < 1 || failures > 1000) {
                throw problem("breaker-failures", "must be 1 to 1000");
            }
            this.breakerFailures = failures;
            return this;
        }

        public Builder breakerOpen(Duration open) {
            if (open.isZero() || open.isNegative() || open.compareTo(Duration.ofHours(1)) > 0) {
                throw problem("breaker-open", "must be more than 0s and at most 1h");
            }
            this.breakerOpen = open;
            return this;
        }

        public Builder maxResultBytes(long bytes) {
            if (bytes < 1024 || bytes > MAX_RESULT_BYTES) {
                throw problem("max-result-size", "must be 1KiB to 64MiB");
            }
            this.maxResultBytes = bytes;
            return this;
        }

        public Builder prefix(String prefix) {
            if (!PREFIX.matcher(prefix).matches()) {
                throw problem("prefix", "must be at most 64 letters, digits, _, - and .");
            }
            this.prefix = Optional.of(prefix);
            return this;
        }

        /** Renames as {@code upstream-name=bulwark-name} items. */
        public Builder rename(Set<String> items) {
            Map<String, String> parsed = new LinkedHashMap<>();
            for (String item : items) {
                int equals = item.indexOf('=');
                if (equals < 0
                        || !TOOL_NAME.matcher(item.substring(0, equals).strip()).matches()
                        || !TOOL_NAME
                                .matcher(item.substring(equals + 1).strip())
                                .matches()) {
                    throw problem(
                            "rename",
                            "holds an item that is not upstream-name=new-name (tool names: letters, digits, _, -"
                                    + " and ., at most 128)");
                }
                parsed.put(
                        item.substring(0, equals).strip(),
                        item.substring(equals + 1).strip());
            }
            this.rename = parsed;
            return this;
        }

        public Builder scope(String scope) {
            this.scope = Optional.of(scope.strip()).filter(value -> !value.isEmpty());
            return this;
        }

        public Builder allow(Set<String> tools) {
            this.allow = new LinkedHashSet<>(tools);
            return this;
        }

        public Builder deny(Set<String> tools) {
            this.deny = new LinkedHashSet<>(tools);
            return this;
        }

        /** Whether calls of the upstream's tools may run as tasks: forbidden (the default), optional or required. */
        public Builder taskSupport(UpstreamTool.TaskSupport support) {
            this.taskSupport = Objects.requireNonNull(support, "taskSupport");
            return this;
        }

        /** The protocol era spoken to the upstream: auto (the default), or one era. */
        public Builder era(Era era) {
            this.era = Objects.requireNonNull(era, "era");
            return this;
        }

        /**
         * The settings.
         *
         * @throws ConfigProblemException naming every field that is wrong, each at {@code upstreams.<name>.<field>}
         */
        public UpstreamSettings build() {
            List<ConfigProblem> problems = new ArrayList<>();
            if (transport == null) {
                problems.add(ConfigProblem.of(path("transport"), "is required: stdio or http"));
            } else if (transport == Transport.STDIO) {
                if (command.isEmpty()) {
                    problems.add(ConfigProblem.of(
                            path("command"), "is required for a stdio upstream: the program Bulwark starts"));
                }
                if (url.isPresent()) {
                    problems.add(ConfigProblem.of(
                            path("url"), "is for an http upstream: remove it, or set transport: http"));
                }
                if (credential.isPresent() || credentialFile.isPresent()) {
                    problems.add(ConfigProblem.of(
                            path(credentialFile.isPresent() ? "credential-file" : "credential"),
                            "is for an http upstream: give a stdio child its secret with pass-env"));
                }
            } else {
                if (url.isEmpty()) {
                    problems.add(ConfigProblem.of(path("url"), "is required for an http upstream: its MCP endpoint"));
                }
                if (!command.isEmpty()
                        || !args.isEmpty()
                        || !env.isEmpty()
                        || !passEnv.isEmpty()
                        || workingDirectory.isPresent()) {
                    problems.add(ConfigProblem.of(
                            path("command"),
                            "and args, env, pass-env and working-directory are for a stdio upstream: remove them, or"
                                    + " set transport: stdio"));
                }
                if (credential.isPresent() && credentialFile.isPresent()) {
                    problems.add(
                            ConfigProblem.of(path("credential-file"), "is given with credential: keep one of them"));
                }
            }
            for (String tool : rename.keySet()) {
                if (!allow.isEmpty() && !allow.contains(tool) || deny.contains(tool)) {
                    problems.add(
                            ConfigProblem.of(path("rename"), "renames " + tool + ", which allow or deny leaves out"));
                }
            }
            allow.stream()
                    .filter(deny::contains)
                    .findFirst()
                    .ifPresent(tool -> problems.add(
                            ConfigProblem.of(path("deny"), "names " + tool + ", which allow names too: keep one")));
            if (!problems.isEmpty()) {
                throw new ConfigProblemException(problems);
            }
            return new UpstreamSettings(this);
        }

        private String path(String field) {
            return SECTION + "." + name + "." + field;
        }

        private ConfigProblemException problem(String field, String reason) {
            return ConfigProblem.of(path(field), reason).refusal();
        }
    }
}
