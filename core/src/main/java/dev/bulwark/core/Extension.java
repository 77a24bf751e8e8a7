package dev.bulwark.core;

import dev.bulwark.ports.origin.ProtocolEra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An extension of the protocol a server offers: its identifier and settings under {@code capabilities.extensions},
 * and the methods it adds, each run through the same pipeline as a tool call. Immutable; thread-safe if its handlers
 * are.
 */
public final class Extension {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9.-]+/[A-Za-z0-9._-]+");

    private final String id;
    private final Map<String, Object> settings;
    private final boolean clientMustDeclare;
    private final List<ExtensionMethod> methods;
    private final String resourcePrefix;
    private final ExtensionHandler resourceReader;
    private final ExtensionHandler resourceLister;
    private final Duration resourceTimeout;
    private final Map<String, Duration> resourceTimeouts;
    private final ExtensionChanges resourceChanges;
    private final ToolCallAugmentation toolCalls;
    private final Set<ProtocolEra> eras;

    private Extension(Builder builder) {
        this.id = builder.id;
        this.settings = Map.copyOf(builder.settings);
        this.clientMustDeclare = builder.clientMustDeclare;
        this.methods = List.copyOf(builder.methods);
        this.resourcePrefix = builder.resourcePrefix;
        this.resourceReader = builder.resourceReader;
        this.resourceLister = builder.resourceLister;
        this.resourceTimeout = builder.resourceTimeout;
        this.resourceTimeouts = Map.copyOf(builder.resourceTimeouts);
        this.resourceChanges = builder.resourceChanges;
        this.toolCalls = builder.toolCalls;
        this.eras = Set.copyOf(builder.eras);
    }

    /**
     * Starts an extension.
     *
     * @param id its identifier, a vendor prefix and a name such as {@code io.modelcontextprotocol/skills}
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    /** What the server declares under {@code capabilities.extensions[id]}: empty for no optional feature. */
    public Map<String, Object> settings() {
        return settings;
    }

    /** Whether a client must name the extension in its capabilities before it calls a method of it. */
    public boolean clientMustDeclare() {
        return clientMustDeclare;
    }

    public List<ExtensionMethod> methods() {
        return methods;
    }

    /** The URI prefix of the resources the extension reads itself, such as {@code skill://}, if any. */
    public Optional<String> resourcePrefix() {
        return Optional.ofNullable(resourcePrefix);
    }

    /** Reads a resource under {@link #resourcePrefix}: params {@code {uri}}, result {@code {contents: [...]}}. */
    public Optional<ExtensionHandler> resourceReader() {
        return Optional.ofNullable(resourceReader);
    }

    /**
     * Lists resources under {@link #resourcePrefix} for {@code resources/list}: params {@code {}}, result
     * {@code {resources: [...]}}, the caller's own.
     */
    public Optional<ExtensionHandler> resourceLister() {
        return Optional.ofNullable(resourceLister);
    }

    /**
     * How long a read of a resource under {@link #resourcePrefix} may run before it is ended and answered with a
     * timeout error, unless {@link #resourceTimeouts} names its URI; empty for the server's {@code limits.tool-timeout}.
     */
    public Optional<Duration> resourceTimeout() {
        return Optional.ofNullable(resourceTimeout);
    }

    /** The timeouts of reads of single resources, by URI, in place of {@link #resourceTimeout}. */
    public Map<String, Duration> resourceTimeouts() {
        return resourceTimeouts;
    }

    /** Where the server hears that the resources under {@link #resourcePrefix} changed, if they may change. */
    public Optional<ExtensionChanges> resourceChanges() {
        return Optional.ofNullable(resourceChanges);
    }

    /** How the extension answers the {@code tools/call} requests it takes in place of the plain call, if it does. */
    public Optional<ToolCallAugmentation> toolCallAugmentation() {
        return Optional.ofNullable(toolCalls);
    }

    /**
     * Whether the extension is served in {@code era}: declared in that era's capabilities, its methods and resources
     * answered there. Every era unless {@link Builder#onlyIn} says otherwise.
     */
    public boolean servedIn(ProtocolEra era) {
        return eras.contains(Objects.requireNonNull(era, "era"));
    }

    @Override
    public String toString() {
        return "Extension[" + id + "]";
    }

    /** Builds an {@link Extension}. Not thread-safe. */
    public static final class Builder {

        private final String id;
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private boolean clientMustDeclare;
        private final List<ExtensionMethod> methods = new ArrayList<>();
        private String resourcePrefix;
        private ExtensionHandler resourceReader;
        private Duration resourceTimeout;
        private final Map<String, Duration> resourceTimeouts = new LinkedHashMap<>();
        private ExtensionHandler resourceLister;
        private ExtensionChanges resourceChanges;
        private ToolCallAugmentation toolCalls;
        private final Set<ProtocolEra> eras = EnumSet.allOf(ProtocolEra.class);

        private Builder(String id) {
            Objects.requireNonNull(id, "id");
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        "extension id '" + id + "' needs a vendor prefix and a name, such" + " as 'com.example/audit'");
            }
            this.id = id;
        }

        /** A setting declared under the extension's identifier in the server's capabilities. */
        public Builder setting(String key, Object value) {
            settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Refuses the extension's methods, with {@code -32021}, to a client that did not name the extension: in a
         * request's capabilities in the 2026 era, or under {@code capabilities.experimental} of a session in the
         * 2025 era.
         */
        public Builder clientMustDeclare(boolean must) {
            this.clientMustDeclare = must;
            return this;
        }

        /**
         * Serves the extension in {@code era} alone: a client of another era sees neither its declaration nor its
         * methods. For a feature another era has in its base protocol, as the session era has tasks.
         */
        public Builder onlyIn(ProtocolEra era) {
            Objects.requireNonNull(era, "era");
            eras.clear();
            eras.add(era);
            return this;
        }

        /** Adds a method answered by {@code handler}, callable by every authenticated caller. */
        public Builder method(String name, ExtensionHandler handler) {
            return method(new ExtensionMethod(name, handler));
        }

        /**
         * Adds a follow-up of an earlier call, answered by {@code handler}: see {@link ExtensionMethod.Kind#FOLLOW_UP}.
         */
        public Builder followUp(String name, ExtensionHandler handler) {
            return method(ExtensionMethod.followUp(name, handler));
        }

        public Builder method(ExtensionMethod method) {
            methods.add(Objects.requireNonNull(method, "method"));
            return this;
        }

        /**
         * Reads the resources whose URIs start with {@code prefix} through {@code reader}, which gets {@code {uri}}
         * and returns {@code {contents: [{uri, mimeType, text | blob}]}}; it checks the caller's scopes itself.
         */
        public Builder resources(String prefix, ExtensionHandler reader) {
            if (Objects.requireNonNull(prefix, "prefix").isEmpty() || !prefix.contains(":")) {
                throw new IllegalArgumentException("resource prefix '" + prefix + "' names no URI scheme");
            }
            this.resourcePrefix = prefix;
            this.resourceReader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /**
         * As {@link #resources(String, ExtensionHandler)}, and {@code lister} adds resources to the end of
         * {@code resources/list}: it gets {@code {}} and returns {@code {resources: [{uri, name, ...}]}} for the caller.
         */
        public Builder resources(String prefix, ExtensionHandler reader, ExtensionHandler lister) {
            resources(prefix, reader);
            this.resourceLister = Objects.requireNonNull(lister, "lister");
            return this;
        }

        /**
         * Ends each read of the extension's resources after {@code timeout}, answered with the timeout error a tool
         * gets, instead of after the server's {@code limits.tool-timeout}.
         *
         * @throws IllegalArgumentException if the timeout is not positive or past 365 days
         */
        public Builder resourceTimeout(Duration timeout) {
            this.resourceTimeout = ExtensionMethod.checkedTimeout(timeout, "extension '" + id + "' resources");
            return this;
        }

        /**
         * As {@link #resourceTimeout(Duration)}, for the reads of the one resource {@code uri} alone.
         *
         * @throws IllegalArgumentException if the timeout is not positive or past 365 days
         */
        public Builder resourceTimeout(String uri, Duration timeout) {
            Objects.requireNonNull(uri, "uri");
            resourceTimeouts.put(uri, ExtensionMethod.checkedTimeout(timeout, "resource '" + uri + "'"));
            return this;
        }

        /**
         * Announces each change {@code changes} tells of to the clients: {@code notifications/resources/list_changed}
         * to each session of the session era, and to each 2026-era {@code subscriptions/listen} stream that asks for
         * {@code resourcesListChanged}. The server declares {@code resources.listChanged} then.
         */
        public Builder resourceChanges(ExtensionChanges changes) {
            this.resourceChanges = Objects.requireNonNull(changes, "changes");
            return this;
        }

        /**
         * Answers through {@code augmentation} the {@code tools/call} requests it takes, from clients that declared the
         * extension, in place of the plain call. Served in the 2026 era.
         */
        public Builder augmentsToolCalls(ToolCallAugmentation augmentation) {
            this.toolCalls = Objects.requireNonNull(augmentation, "augmentation");
            return this;
        }

        /**
         * Builds the extension.
         *
         * @throws IllegalArgumentException if two methods share a name, or resource changes are announced for an
         *     extension that serves no resources
         */
        public Extension build() {
            if (resourceChanges != null && resourcePrefix == null) {
                throw new IllegalArgumentException("extension '" + id + "' announces resource changes but serves no"
                        + " resources: declare them with resources(prefix, reader)");
            }
            if ((resourceTimeout != null || !resourceTimeouts.isEmpty()) && resourcePrefix == null) {
                throw new IllegalArgumentException("extension '" + id + "' sets a resource timeout but serves no"
                        + " resources: declare them with resources(prefix, reader)");
            }
            for (String uri : resourceTimeouts.keySet()) {
                if (!uri.startsWith(resourcePrefix)) {
                    throw new IllegalArgumentException("extension '" + id + "' sets a timeout for '" + uri
                            + "', which is not under its resource prefix '" + resourcePrefix + "'");
                }
            }
            long distinct =
                    methods.stream().map(ExtensionMethod::name).distinct().count();
            if (distinct != methods.size()) {
                throw new IllegalArgumentException("extension '" + id + "' declares a method twice");
            }
            return new Extension(this);
        }
    }
}
