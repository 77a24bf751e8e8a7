package dev.bulwark.core;

import dev.bulwark.config.ToolName;
import dev.bulwark.core.internal.presentation.tool.HeaderParameters;
import dev.bulwark.core.internal.presentation.tool.InputSchemaAgreement;
import dev.bulwark.core.internal.presentation.tool.JsonSchemas;
import dev.bulwark.core.internal.presentation.tool.RequiredScopes;
import dev.bulwark.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One tool: its MCP definition, the pipeline's behaviour for it, and its handler. Immutable and thread-safe.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class Tool<I, O> {

    /** The longest timeout a tool may declare: longer ones would overflow nanosecond arithmetic. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(365);

    private final String name;
    private final String title;
    private final String description;
    private final Class<I> inputType;
    private final Class<O> outputType;
    private final Map<String, Object> inputSchema;
    private final Map<String, Object> outputSchema;
    private final String schemaVersion;
    private final Set<String> requiredScopes;
    private final CachePolicy cachePolicy;
    private final RateLimit rateLimit;
    private final boolean rateLimited;
    private final Duration timeout;
    private final Integer maxConcurrency;
    private final boolean readOnly;
    private final boolean repeatable;
    private final Execution execution;
    private final TaskSupport taskSupport;
    private final List<ClientRequest> inputBeforeTask;
    private final String view;
    private final String upstream;
    private final ToolHandler<I, O> handler;

    /** Where a tool's handler runs, and so whether a timeout can answer for it. */
    public enum Execution {
        /**
         * The default. The handler runs on the request's own thread where the transport allows it (Bulwark's stdio
         * and HTTP transports, both protocol eras), else on the tool executor; either way the call is answered at
         * its timeout even when the handler ignores the interrupt and keeps running (its concurrency slot stays
         * taken until it ends). Costs about a microsecond more than {@link #CALLER_THREAD}: a deadline on a shared
         * timer.
         */
        ISOLATED,
        /**
         * On the thread that handles the request, with no thread hand-off and no timer: the concurrency limits
         * apply, a timeout does not (nothing could answer for a handler that holds the request thread, and a timer
         * per call costs more than such a handler). Only for handlers that compute from memory and cannot block: no
         * I/O, no waiting on locks or other threads. A call that runs longer than the server's default timeout is
         * logged as a warning naming the tool, so a handler that should be {@link #ISOLATED} shows up.
         */
        CALLER_THREAD
    }

    /**
     * Whether a call of the tool may run as a task of the Tasks extension ({@code io.modelcontextprotocol/tasks}):
     * answered at once with a task id, then polled for its status and result, cancelled, given input while it waits.
     * Only a client that declares the extension gets a task.
     */
    public enum TaskSupport {
        /** The default: every call is answered when it ends. */
        FORBIDDEN,
        /** A client that declares the extension gets a task; any other is answered when the call ends. */
        OPTIONAL,
        /** Only a client that declares the extension may call it: others are refused with {@code -32021}. */
        REQUIRED;

        /**
         * This choice for the ports' {@code TaskSupport}, which settings, services and upstream tools speak in: the one
         * place the two layers are mapped, so that a tool author names only this enum.
         */
        public static TaskSupport of(dev.bulwark.ports.tasks.TaskSupport support) {
            return switch (Objects.requireNonNull(support, "support")) {
                case FORBIDDEN -> FORBIDDEN;
                case OPTIONAL -> OPTIONAL;
                case REQUIRED -> REQUIRED;
            };
        }
    }

    private Tool(Builder<I, O> builder) {
        this.name = builder.name;
        this.title = builder.title;
        this.description = builder.description;
        this.inputType = builder.inputType;
        this.outputType = builder.outputType;
        this.inputSchema = JsonSchemas.frozen(
                builder.inputSchema != null ? builder.inputSchema : JsonSchemas.forInputType(builder.inputType));
        Map<String, Object> output =
                builder.outputSchema != null ? builder.outputSchema : JsonSchemas.forOutputType(builder.outputType);
        this.outputSchema = output == null ? null : JsonSchemas.frozen(output);
        this.schemaVersion = builder.schemaVersion;
        this.requiredScopes = Set.copyOf(builder.requiredScopes);
        this.cachePolicy = builder.cachePolicy;
        this.rateLimit = builder.rateLimit;
        this.rateLimited = builder.rateLimited;
        this.timeout = builder.timeout;
        this.maxConcurrency = builder.maxConcurrency;
        this.readOnly = builder.readOnly;
        this.repeatable = builder.repeatable != null ? builder.repeatable : builder.readOnly;
        this.execution = builder.execution;
        this.taskSupport = builder.taskSupport;
        this.inputBeforeTask = List.copyOf(builder.inputBeforeTask);
        this.view = builder.view;
        this.upstream = builder.upstream;
        this.handler = builder.handler;
    }

    /** A copy of {@code tool} that differs only in its view. */
    private Tool(Tool<I, O> tool, String view) {
        this.name = tool.name;
        this.title = tool.title;
        this.description = tool.description;
        this.inputType = tool.inputType;
        this.outputType = tool.outputType;
        this.inputSchema = tool.inputSchema;
        this.outputSchema = tool.outputSchema;
        this.schemaVersion = tool.schemaVersion;
        this.requiredScopes = tool.requiredScopes;
        this.cachePolicy = tool.cachePolicy;
        this.rateLimit = tool.rateLimit;
        this.rateLimited = tool.rateLimited;
        this.timeout = tool.timeout;
        this.maxConcurrency = tool.maxConcurrency;
        this.readOnly = tool.readOnly;
        this.repeatable = tool.repeatable;
        this.execution = tool.execution;
        this.taskSupport = tool.taskSupport;
        this.inputBeforeTask = tool.inputBeforeTask;
        this.view = view;
        this.upstream = tool.upstream;
        this.handler = tool.handler;
    }

    /**
     * Starts a tool definition.
     *
     * @param name the tool name: 1 to 128 letters, digits, {@code _ . -} ({@link ToolName})
     * @param inputType the record the arguments are bound to; use {@code Map.class} with an explicit
     *     {@link Builder#inputSchema(Map)} for free-form input
     * @param outputType the structured result type; {@code Void.class} for text-only tools, {@code Map.class} for
     *     free-form structured results (no output schema is published for those)
     */
    public static <I, O> Builder<I, O> builder(String name, Class<I> inputType, Class<O> outputType) {
        return new Builder<>(name, inputType, outputType);
    }

    public String name() {
        return name;
    }

    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    public String description() {
        return description;
    }

    public Class<I> inputType() {
        return inputType;
    }

    public Class<O> outputType() {
        return outputType;
    }

    public Map<String, Object> inputSchema() {
        return inputSchema;
    }

    public Optional<Map<String, Object>> outputSchema() {
        return Optional.ofNullable(outputSchema);
    }

    /** Part of every cache key: bump it when the meaning of the tool's results changes. */
    public String schemaVersion() {
        return schemaVersion;
    }

    public Set<String> requiredScopes() {
        return requiredScopes;
    }

    public Optional<CachePolicy> cachePolicy() {
        return Optional.ofNullable(cachePolicy);
    }

    /** The tool's own rate limit; empty means the server default (when {@link #rateLimited()}). */
    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /** Whether calls are taken from a rate-limit budget at all; false only for {@link Builder#notRateLimited()}. */
    public boolean rateLimited() {
        return rateLimited;
    }

    /** The tool's own timeout; empty means the server default. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** The tool's own concurrency limit; empty means the server default per tool. */
    public OptionalInt maxConcurrency() {
        return maxConcurrency == null ? OptionalInt.empty() : OptionalInt.of(maxConcurrency);
    }

    /** Whether the tool only reads (published as the MCP {@code readOnlyHint}). */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * Whether a task of the tool may run again from its start when the runner running it stopped before it ended
     * (its process died): true unless the tool says otherwise when it is {@link #readOnly()}, false otherwise; such a
     * task that may not run again fails, saying its runner stopped.
     */
    public boolean repeatable() {
        return repeatable;
    }

    /** Where the handler runs: {@link Execution#ISOLATED} unless the tool says otherwise. */
    public Execution execution() {
        return execution;
    }

    /** Whether a call may run as a task: {@link TaskSupport#FORBIDDEN} unless the tool says otherwise. */
    public TaskSupport taskSupport() {
        return taskSupport;
    }

    /**
     * The client input a task of this tool needs before it starts, asked in multi round-trip rounds before the task
     * is created; its handler then finds the answers through {@link CallContext#ask}. Empty for most tools.
     */
    public List<ClientRequest> inputBeforeTask() {
        return inputBeforeTask;
    }

    /** The {@code ui://} URI of the MCP Apps view a host shows for the tool's results, if any. */
    public Optional<String> view() {
        return Optional.ofNullable(view);
    }

    /**
     * This tool, linked to the MCP Apps view at {@code uri} in place of any it named: for a tool someone else built,
     * such as a pack's.
     *
     * @throws IllegalArgumentException if {@code uri} is no {@code ui://} URI
     */
    public Tool<I, O> withView(String uri) {
        return new Tool<>(this, AppView.checkedUri(uri, "tool '" + name + "'"));
    }

    /** The upstream MCP server the tool calls (a gateway's tool), named in its audit line; empty for any other. */
    public Optional<String> upstream() {
        return Optional.ofNullable(upstream);
    }

    public ToolHandler<I, O> handler() {
        return handler;
    }

    @Override
    public String toString() {
        return "Tool[" + name + "]";
    }

    /**
     * Builds a {@link Tool}. Not thread-safe; build once, then share the tool.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    public static final class Builder<I, O> {
        private final String name;
        private final Class<I> inputType;
        private final Class<O> outputType;
        private String title;
        private String description;
        /** Keywords whose values are JSON data that may hold null, not schemas. */
        private static final Set<String> DATA_KEYWORDS = Set.of("enum", "const", "default", "examples");
        /** Keywords whose keys are names (of properties, definitions), so a key there is never a keyword. */
        private static final Set<String> NAME_MAPS =
                Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");

        private Map<String, Object> inputSchema;
        private Map<String, Object> outputSchema;
        private String schemaVersion = "1";
        private final Set<String> requiredScopes = new LinkedHashSet<>();
        private CachePolicy cachePolicy;
        private RateLimit rateLimit;
        private boolean rateLimited = true;
        private Duration timeout;
        private Integer maxConcurrency;
        private boolean readOnly;
        private Boolean repeatable;
        private Execution execution = Execution.ISOLATED;
        private TaskSupport taskSupport = TaskSupport.FORBIDDEN;
        private final List<ClientRequest> inputBeforeTask = new java.util.ArrayList<>();
        private String view;
        private String upstream;
        private ToolHandler<I, O> handler;

        private Builder(String name, Class<I> inputType, Class<O> outputType) {
            Objects.requireNonNull(name, "tool name");
            if (!ToolName.isValid(name)) {
                throw new IllegalArgumentException("invalid tool name '" + name + "': use " + ToolName.rule());
            }
            this.name = name;
            this.inputType = Objects.requireNonNull(inputType, "inputType");
            this.outputType = Objects.requireNonNull(outputType, "outputType");
        }

        public Builder<I, O> title(String title) {
            this.title = title;
            return this;
        }

        /** What the tool does, written for the model that decides whether to call it. Required. */
        public Builder<I, O> description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Uses this JSON Schema instead of generating one from the input type. For a record input type,
         * {@link #build()} checks that the two agree, comparing the schema's top-level {@code properties} with the
         * record's generated schema (so components go by their JSON names, {@code @JsonProperty} included): every
         * declared property must be a component, every required component (not {@code Optional}, not
         * {@code @ToolParam(required = false)}) must be declared, and a {@code type}, if given, must be
         * {@code "object"}. A schema with a top-level {@code $ref}, {@code allOf}, {@code anyOf} or {@code oneOf} is
         * not compared. Free-form input types ({@code Map}, {@code Object}, {@code JsonNode}) take any schema.
         */
        public Builder<I, O> inputSchema(Map<String, Object> schema) {
            this.inputSchema = requireNoNulls(Objects.requireNonNull(schema, "inputSchema"), "inputSchema");
            return this;
        }

        /** Uses this JSON Schema for structured results instead of generating one from the output type. */
        public Builder<I, O> outputSchema(Map<String, Object> schema) {
            this.outputSchema = requireNoNulls(Objects.requireNonNull(schema, "outputSchema"), "outputSchema");
            return this;
        }

        /**
         * A JSON Schema holds no nulls: a key whose value is null is a mistake, named here rather than later. The
         * values of {@code enum}, {@code const}, {@code default} and {@code examples} are data, not schema: a null
         * inside them is JSON's null ({@code "enum": ["open", null]}) and stays, as does {@code "default": null}.
         * ({@code "const": null} is refused: a writer that leaves null values out would make it accept anything.)
         */
        private Map<String, Object> requireNoNulls(Map<?, ?> schema, String path) {
            schema.forEach((key, value) -> {
                boolean data = DATA_KEYWORDS.contains(key) && !NAME_MAPS.contains(lastKey(path));
                if (key == null || (value == null && !(data && key.equals("default")))) {
                    throw new IllegalArgumentException("tool '" + name + "': " + path + " holds a null "
                            + (key == null ? "key" : "value at '" + key + "'") + "; leave the key out instead");
                }
                if (data) {
                    return;
                }
                if (value instanceof Map<?, ?> nested) {
                    requireNoNulls(nested, path + "." + key);
                } else if (value instanceof List<?> items) {
                    for (int i = 0; i < items.size(); i++) {
                        if (items.get(i) == null) {
                            throw new IllegalArgumentException("tool '" + name + "': " + path + "." + key + "[" + i
                                    + "] is null; a JSON Schema holds no nulls");
                        }
                        if (items.get(i) instanceof Map<?, ?> item) {
                            requireNoNulls(item, path + "." + key + "[" + i + "]");
                        }
                    }
                }
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> checked = (Map<String, Object>) schema;
            return checked;
        }

        private static String lastKey(String path) {
            return path.substring(path.lastIndexOf('.') + 1);
        }

        /** Part of every cache key; bump it when cached results of the old version must not be served. */
        public Builder<I, O> schemaVersion(String version) {
            this.schemaVersion = Objects.requireNonNull(version, "schemaVersion");
            return this;
        }

        /** Scopes the caller must all hold; the handler never runs for a caller without them. */
        public Builder<I, O> requiredScopes(String... scopes) {
            for (String scope : scopes) {
                RequiredScopes.check(scope, "tool '" + name + "'", "tools:read");
                this.requiredScopes.add(scope);
            }
            return this;
        }

        /** Caches results under this policy. Without it the tool is never cached. */
        public Builder<I, O> cache(CachePolicy policy) {
            this.cachePolicy = Objects.requireNonNull(policy, "cachePolicy");
            return this;
        }

        /** Per-principal rate limit for this tool, instead of the server default. */
        public Builder<I, O> rateLimit(RateLimit limit) {
            this.rateLimit = Objects.requireNonNull(limit, "rateLimit");
            this.rateLimited = true;
            return this;
        }

        /**
         * Takes no call of this tool from any rate-limit budget, neither its own nor the server default. Only for a
         * cheap tool that others must be able to call however busy the budget is, such as a health probe; the
         * concurrency limits still bound it.
         */
        public Builder<I, O> notRateLimited() {
            this.rateLimit = null;
            this.rateLimited = false;
            return this;
        }

        /**
         * Per-principal rate limit for this tool: at most {@code calls} in any window of {@code period}, all of which
         * may come at once, and no extra burst (see {@link RateLimit}).
         */
        public Builder<I, O> rateLimit(long calls, Duration period) {
            return rateLimit(new RateLimit(calls, period, 0));
        }

        /** Time after which the call is cancelled and answered with a timeout error, instead of the default. */
        public Builder<I, O> timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("tool timeout must be positive, was " + timeout);
            }
            if (timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("tool timeout must be at most 365 days, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Calls of this tool that may run at once, instead of the default per tool. */
        public Builder<I, O> maxConcurrency(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + limit);
            }
            this.maxConcurrency = limit;
            return this;
        }

        /** Marks the tool as read-only (the MCP {@code readOnlyHint}). */
        public Builder<I, O> readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Whether a task of the tool may run again from its start after the runner running it stopped; by default
         * it may when the tool is {@link #readOnly(boolean) read-only}. Declare {@code true} only when running the
         * call twice does no harm.
         */
        public Builder<I, O> repeatable(boolean repeatable) {
            this.repeatable = repeatable;
            return this;
        }

        /**
         * Where the handler runs; {@link Execution#ISOLATED} by default. Choose {@link Execution#CALLER_THREAD} only
         * for a handler that computes from memory and cannot block: it runs without a timeout.
         */
        public Builder<I, O> execution(Execution execution) {
            this.execution = Objects.requireNonNull(execution, "execution");
            return this;
        }

        /**
         * Whether a call may run as a task (a long-running tool); {@link TaskSupport#FORBIDDEN} by default. A task
         * runs through the whole pipeline off the request thread, under the tool's timeout: give a long-running tool
         * a {@link #timeout(Duration)} long enough for its work.
         */
        public Builder<I, O> taskSupport(TaskSupport support) {
            this.taskSupport = Objects.requireNonNull(support, "taskSupport");
            return this;
        }

        /**
         * Asks the client for {@code requests} in multi round-trip rounds before the task starts (the task is created
         * on the round that brings every answer); the handler reads them with {@link CallContext#ask}. Needs
         * {@link #taskSupport(TaskSupport)}.
         */
        public Builder<I, O> inputBeforeTask(ClientRequest... requests) {
            for (ClientRequest request : requests) {
                this.inputBeforeTask.add(Objects.requireNonNull(request, "request"));
            }
            return this;
        }

        /**
         * Names the MCP Apps view ({@code io.modelcontextprotocol/ui}) a host renders for the tool: a {@code ui://}
         * resource served by {@link McpApps}. The tool's listing links it under {@code _meta.ui.resourceUri}.
         */
        public Builder<I, O> view(String uri) {
            this.view = AppView.checkedUri(uri, "tool '" + name + "'");
            return this;
        }

        /** Names the upstream MCP server the tool calls, for a gateway's tool: its audit line names it too. */
        public Builder<I, O> upstream(String name) {
            this.upstream = Objects.requireNonNull(name, "upstream");
            return this;
        }

        public Builder<I, O> handler(ToolHandler<I, O> handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Builds the tool.
         *
         * @throws IllegalStateException if the description or handler is missing, or if a tool that runs on the
         *     caller's thread declares a timeout it could not keep
         * @throws IllegalArgumentException if no schema can be generated for the input type, if an explicit
         *     {@link #inputSchema(Map) input schema} disagrees with the input record (it declares a property the
         *     record has no component for, leaves out a required component, or has a {@code type} other than
         *     {@code "object"}), if a {@code pattern} of the input schema does not compile, or if an
         *     {@code x-mcp-header} annotation of the input schema breaks a rule of the 2026-era specification
         */
        public Tool<I, O> build() {
            if (description == null || description.isBlank()) {
                throw new IllegalStateException("tool '" + name + "' needs a description");
            }
            if (handler == null) {
                throw new IllegalStateException("tool '" + name + "' needs a handler");
            }
            if (execution == Execution.CALLER_THREAD && timeout != null) {
                throw new IllegalStateException("tool '" + name + "' runs on the caller's thread"
                        + " (Execution.CALLER_THREAD), which has no timeout: remove timeout(" + timeout
                        + ") or use Execution.ISOLATED");
            }
            if (taskSupport != TaskSupport.FORBIDDEN && execution == Execution.CALLER_THREAD) {
                throw new IllegalStateException("tool '" + name + "' runs on the caller's thread"
                        + " (Execution.CALLER_THREAD), but a task runs off the request thread: use Execution.ISOLATED"
                        + " or TaskSupport.FORBIDDEN");
            }
            if (!inputBeforeTask.isEmpty() && taskSupport == TaskSupport.FORBIDDEN) {
                throw new IllegalStateException("tool '" + name + "' asks for input before its task, but runs no"
                        + " task: declare taskSupport(OPTIONAL) or taskSupport(REQUIRED)");
            }
            if (inputSchema != null) {
                InputSchemaAgreement.require(name, inputSchema, inputType);
            }
            Tool<I, O> tool = new Tool<>(this);
            InputSchemaAgreement.requireCompilingPatterns(name, tool.inputSchema());
            HeaderParameters.of(name, tool.inputSchema());
            return tool;
        }
    }
}
