package dev.bulwark.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a {@link ToolPack} registers into, with the server's shared services; valid only while the pack registers.
 * Not thread-safe.
 */
public final class ToolPackContext {

    private final ServerFeatures.Builder features;
    private final ToolCatalogue catalogue;
    private final BulwarkConfig config;
    private final ObjectMapper objectMapper;
    private final MeterRegistry meterRegistry;
    private final Clock clock;
    private final HealthCheck health;
    private final ToolCache cache;
    private final AuditLog auditLog;
    private final List<Extension> extensions = new ArrayList<>();
    /** What each tool passes through as it is registered: the identity but while a linking pack registers. */
    private UnaryOperator<Tool<?, ?>> linking = UnaryOperator.identity();
    /** Set once the server is built: registrations are over. */
    private boolean closed;
    /** Whether a pack asked for tasks to be offered; see {@link #offerTasks()}. */
    private boolean tasksOffered;

    /** Built by {@code Bulwark} for its packs to register into. */
    ToolPackContext(
            ServerFeatures.Builder features,
            ToolCatalogue catalogue,
            BulwarkConfig config,
            ObjectMapper objectMapper,
            MeterRegistry meterRegistry,
            Clock clock,
            HealthCheck health,
            ToolCache cache,
            AuditLog auditLog) {
        this.features = Objects.requireNonNull(features, "features");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.config = Objects.requireNonNull(config, "config");
        this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
        this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.health = Objects.requireNonNull(health, "health");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
    }

    /** Registers a tool. */
    public ToolPackContext tool(Tool<?, ?> tool) {
        requireOpen();
        features.tool(linking.apply(Objects.requireNonNull(tool, "tool")));
        return this;
    }

    /** Registers several tools, in order. */
    public ToolPackContext tools(Collection<? extends Tool<?, ?>> tools) {
        tools.forEach(this::tool);
        return this;
    }

    /** Registers a resource at a fixed URI. */
    public ToolPackContext resource(Resource resource) {
        requireOpen();
        features.resource(Objects.requireNonNull(resource, "resource"));
        return this;
    }

    /** Registers a resource template. */
    public ToolPackContext resourceTemplate(ResourceTemplate template) {
        requireOpen();
        features.resourceTemplate(Objects.requireNonNull(template, "resourceTemplate"));
        return this;
    }

    /** Registers a prompt. */
    public ToolPackContext prompt(Prompt prompt) {
        requireOpen();
        features.prompt(Objects.requireNonNull(prompt, "prompt"));
        return this;
    }

    /** Registers argument completion for a prompt or resource template registered by any pack. */
    public ToolPackContext completion(Completion completion) {
        requireOpen();
        features.completion(Objects.requireNonNull(completion, "completion"));
        return this;
    }

    /** Registers an extension of the protocol: its capability, its methods and the resources it reads. */
    public ToolPackContext extension(Extension extension) {
        requireOpen();
        extensions.add(Objects.requireNonNull(extension, "extension"));
        return this;
    }

    /**
     * Offers tasks though no tool registered yet takes them, for a pack whose task-taking tools join the
     * {@link #catalogue()} once the server runs: a server decides whether it offers tasks when it is built.
     */
    public ToolPackContext offerTasks() {
        requireOpen();
        tasksOffered = true;
        return this;
    }

    /** Whether a pack asked for tasks to be offered. */
    boolean tasksOffered() {
        return tasksOffered;
    }

    /** Lets {@code pack} register here, each of its tools passed through {@code link} first. */
    void registerLinking(ToolPack pack, UnaryOperator<Tool<?, ?>> link) {
        UnaryOperator<Tool<?, ?>> outer = linking;
        linking = tool -> link.apply(outer.apply(tool));
        try {
            pack.register(this);
        } finally {
            linking = outer;
        }
    }

    /** The extensions the packs registered, in order. */
    List<Extension> extensions() {
        return List.copyOf(extensions);
    }

    /** Lets clients subscribe to resource updates (the server then advertises {@code resources.subscribe}). */
    public ToolPackContext resourceSubscriptions() {
        requireOpen();
        features.resourceSubscriptions(true);
        return this;
    }

    /**
     * Lets clients subscribe to the resources {@code watch} follows (as {@link #resourceSubscriptions()} does for the
     * server's own): the server tells {@code watch} when a URI gets its first subscriber and loses its last, checks
     * the resource's scopes first, and tells the subscribed clients of each update the pack reports to the returned
     * {@link ResourceUpdates}.
     */
    public ResourceUpdates watchResources(ResourceWatch watch) {
        requireOpen();
        features.resourceSubscriptions(true);
        features.resourceUpdates().watchWith(watch);
        return features.resourceUpdates();
    }

    /** Ends the registrations: the server is built. */
    void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The server is built: a tool pack registers its tools, resources and"
                    + " prompts only inside register(...), where they are served");
        }
    }

    /**
     * The server's tool catalogue, for a pack whose tools change while the server runs: it may keep it and add or
     * remove tools once the server is built (tools added before are served with the others).
     */
    public ToolCatalogue catalogue() {
        return catalogue;
    }

    /**
     * The server's prompt catalogue, for a pack whose prompts change while the server runs: it may keep it and add or
     * remove prompts once the server is built. Asking for it makes the server declare {@code prompts.listChanged}
     * and announce each change to its clients.
     */
    public PromptCatalogue promptCatalogue() {
        requireOpen();
        return features.promptCatalogueForChanges();
    }

    /**
     * The server's resource catalogue, for a pack whose resources or templates change while the server runs: it may
     * keep it and add or remove them once the server is built. Asking for it makes the server declare
     * {@code resources.listChanged} and announce each change to its clients.
     */
    public ResourceCatalogue resourceCatalogue() {
        requireOpen();
        return features.resourceCatalogueForChanges();
    }

    /** The server's configuration. */
    public BulwarkConfig config() {
        return config;
    }

    /** The mapper arguments and results are read and written with. */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    /** Where the server's metrics go; a pack may publish its own meters here. */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** The server's clock, for timestamps (inject it into services so tests can drive time). */
    public Clock clock() {
        return clock;
    }

    /** The server's health model: its status and each dependency's. */
    public HealthCheck health() {
        return health;
    }

    /** The response cache, for evicting a cached tool's entries after a write. */
    public ToolCache cache() {
        return cache;
    }

    /**
     * The server's audit log, where the pipeline writes each tool call's record: a pack that serves other requests
     * on a caller's behalf (a gateway's prompt gets and resource reads) writes theirs here, in the same shape.
     */
    public AuditLog auditLog() {
        return auditLog;
    }
}
