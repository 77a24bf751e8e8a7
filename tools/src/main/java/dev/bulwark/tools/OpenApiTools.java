package dev.bulwark.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.ports.outbound.ServiceClient;
import dev.bulwark.tools.business.openapi.DocumentReader;
import dev.bulwark.tools.business.openapi.DocumentUnavailableException;
import dev.bulwark.tools.business.openapi.OpenApiDocumentException;
import dev.bulwark.tools.business.openapi.OpenApiProblem;
import dev.bulwark.tools.business.openapi.OpenApiSetting;
import dev.bulwark.tools.business.openapi.OperationSelection;
import dev.bulwark.tools.business.openapi.OperationSource;
import dev.bulwark.tools.business.openapi.OperationSpec;
import dev.bulwark.tools.business.services.ApiCallService;
import dev.bulwark.tools.business.services.ApiToolSettings;
import dev.bulwark.tools.data.services.ServiceAccess;
import dev.bulwark.tools.presentation.openapi.OperationTools;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tool pack with one tool per chosen operation of a registered service's OpenAPI 3.0 or 3.1 document, each calling
 * through the service's own client and bounds, as {@code api_request} does. The document is read when the pack
 * registers; a document under the service's base URL that cannot be fetched then leaves stand-in tools that refuse
 * until it can, so such a document takes operationIds only. {@code api_request} does not call a service whose
 * {@code ServiceSettings} name its document, unless they open it with a scope of its own; a service it still calls
 * is logged at registration. Immutable.
 *
 * <pre>{@code
 * ToolPack petstore = OpenApiTools.builder(services, "petstore")
 *         .documentPath("openapi.json")             // under the service's base URL: operationIds only
 *         .operations("listPets", "getPet", "createPet")
 *         .scope("createPet", "pets:admin")         // default: the service's read or write scope
 *         .taskSupport("createPet", Tool.TaskSupport.OPTIONAL) // default: forbidden
 *         .build();
 * ToolPack orders = OpenApiTools.builder(services, "orders")
 *         .documentFile(Path.of("orders.yaml"))     // a local file also takes tags, patterns and *
 *         .operations("tag:orders", "POST /orders")
 *         .build();
 * }</pre>
 */
public final class OpenApiTools implements ToolPack {

    /** The least time between two fetches of a document that could not be fetched, by default. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiTools.class);

    private final ServiceClient client;
    private final String service;
    private final String documentPath;
    private final Path documentFile;
    private final List<String> operations;
    private final Map<String, String> scopes;
    private final Map<String, String> toolNames;
    private final long maxDocumentBytes;
    private final Duration parseTimeout;
    private final Duration retryInterval;
    private final ApiToolSettings settings;
    private final Tool.TaskSupport taskSupport;
    private final Map<String, Tool.TaskSupport> operationTaskSupport;

    private OpenApiTools(Builder builder) {
        this.client = builder.client;
        this.service = builder.service;
        this.documentPath = builder.documentPath;
        this.documentFile = builder.documentFile;
        this.operations = List.copyOf(builder.operations);
        this.scopes = Map.copyOf(builder.scopes);
        this.toolNames = Map.copyOf(builder.toolNames);
        this.maxDocumentBytes = builder.maxDocumentBytes;
        this.parseTimeout = builder.parseTimeout;
        this.retryInterval = builder.retryInterval;
        this.settings = builder.settings;
        this.taskSupport = builder.taskSupport;
        this.operationTaskSupport = Map.copyOf(builder.operationTaskSupport);
    }

    /** A builder for the tools of {@code service}, one of {@code client}'s registered services. */
    public static Builder builder(ServiceClient client, String service) {
        return new Builder(client, service);
    }

    /**
     * Reads the document and registers its chosen operations' tools.
     *
     * @throws IllegalArgumentException naming the service's key and the operation when the document or the
     *     choice of operations is wrong (it does not parse, refers outside itself, is too large, a listed operation
     *     does not exist, two operations become one tool name)
     */
    @Override
    public void register(ToolPackContext pack) {
        OperationSource source = source(pack.clock());
        if (client.services().stream()
                .anyMatch(described -> described.name().equals(service) && described.apiRequests())) {
            LOG.warn(
                    "Service {} takes api_request too, which reaches paths and methods beyond its listed OpenAPI"
                            + " operations: name the document in its options (openapi), or close it"
                            + " (apiRequest(false)), so that it serves only the listed operations",
                    service);
        }
        ApiCallService calls = ApiCallService.on(new ServiceAccess(client), pack.objectMapper(), settings);
        List<OperationSpec> specs;
        try {
            specs = source.load();
        } catch (DocumentUnavailableException e) {
            LOG.warn(
                    "The OpenAPI document of service {} cannot be read ({}): its operations refuse until it can",
                    service,
                    e.getMessage());
            List<OpenApiProblem> problems = taskSupportProblems(source.selection().selectors().stream()
                    .filter(OperationSelection::isOperationIdSelector)
                    .map(String::strip)
                    .toList());
            if (!problems.isEmpty()) {
                throw new OpenApiDocumentException(problems);
            }
            pack.tools(OperationTools.pending(source, calls, pack.objectMapper(), this::taskSupportOf));
            return;
        }
        List<OpenApiProblem> problems =
                taskSupportProblems(specs.stream().map(OperationSpec::operation).toList());
        if (!problems.isEmpty()) {
            throw new OpenApiDocumentException(problems);
        }
        pack.tools(OperationTools.create(specs, calls, pack.objectMapper(), this::taskSupportOf));
    }

    /**
     * The problems of a document in a local file, read and checked now as {@link #register} does (its size cap, the
     * safe parsing, the operations chosen, their tool names and the tools' own checks), each naming its setting and the
     * operation where there is one; empty when it serves. A document under the service's base URL is not fetched here: it is
     * checked when the pack registers.
     *
     * @param clock the clock of the check
     */
    public List<OpenApiProblem> fileProblems(Clock clock) {
        if (documentFile == null) {
            return List.of();
        }
        try {
            List<OperationSpec> specs = source(clock).load();
            ObjectMapper mapper = new ObjectMapper();
            OperationTools.create(
                    specs, ApiCallService.on(new ServiceAccess(client), mapper, settings), mapper, this::taskSupportOf);
            return taskSupportProblems(
                    specs.stream().map(OperationSpec::operation).toList());
        } catch (OpenApiDocumentException e) {
            return e.problems();
        }
    }

    /** Whether the operation {@code operationId} may run as a task: its own setting, else the pack's. */
    private Tool.TaskSupport taskSupportOf(String operationId) {
        return operationTaskSupport.getOrDefault(operationId, taskSupport);
    }

    /** A problem for each operation given its own task support that is not among the {@code served} operationIds. */
    private List<OpenApiProblem> taskSupportProblems(List<String> served) {
        List<OpenApiProblem> problems = new ArrayList<>();
        for (String id : operationTaskSupport.keySet()) {
            if (!served.contains(id)) {
                String shown = id.length() > 80 ? id.substring(0, 80) + "..." : id;
                problems.add(OpenApiProblem.of(
                        service,
                        OpenApiSetting.TASK_SUPPORT,
                        names -> "'" + shown + "' is not an operation that is served; list it in "
                                + names.apply(OpenApiSetting.OPERATIONS) + ", or remove its entry"));
            }
        }
        return problems;
    }

    private OperationSource source(Clock clock) {
        return new OperationSource(
                new ServiceAccess(client),
                service,
                documentPath,
                documentFile,
                new DocumentReader(maxDocumentBytes, parseTimeout),
                new OperationSelection(operations, toolNames),
                scopes,
                clock,
                retryInterval);
    }

    /** Names the service only. */
    @Override
    public String toString() {
        return "OpenApiTools[" + service + "]";
    }

    /** Builds {@link OpenApiTools}. Not thread-safe. */
    public static final class Builder {
        private final ServiceClient client;
        private final String service;
        private String documentPath;
        private Path documentFile;
        private final List<String> operations = new ArrayList<>();
        private final Map<String, String> scopes = new LinkedHashMap<>();
        private final Map<String, String> toolNames = new LinkedHashMap<>();
        private long maxDocumentBytes = DocumentReader.DEFAULT_MAX_BYTES;
        private Duration parseTimeout = DocumentReader.DEFAULT_PARSE_TIMEOUT;
        private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
        private ApiToolSettings settings = ApiToolSettings.defaults();
        private Tool.TaskSupport taskSupport = Tool.TaskSupport.FORBIDDEN;
        private final Map<String, Tool.TaskSupport> operationTaskSupport = new LinkedHashMap<>();

        private Builder(ServiceClient client, String service) {
            this.client = Objects.requireNonNull(client, "client");
            this.service = Objects.requireNonNull(service, "service");
        }

        /** The document's path under the service's base URL, fetched with the service's client and bounds. */
        public Builder documentPath(String path) {
            this.documentPath = Objects.requireNonNull(path, "path");
            this.documentFile = null;
            return this;
        }

        /** The document's local file. */
        public Builder documentFile(Path file) {
            this.documentFile = Objects.requireNonNull(file, "file");
            this.documentPath = null;
            return this;
        }

        /**
         * Adds operations to serve: an operationId, {@code tag:<tag>}, a method and path pattern such as
         * {@code GET /pets/*} ({@code *} one segment, {@code **} any rest), or {@code *} for every operation. None
         * is served until listed. A document under the base URL takes operationIds only: its tools are made at
         * start, and only an operationId names a tool before the document is read.
         */
        public Builder operations(String... selectors) {
            for (String selector : selectors) {
                operations.add(Objects.requireNonNull(selector, "selector"));
            }
            return this;
        }

        /** Adds operations to serve; see {@link #operations(String...)}. */
        public Builder operations(List<String> selectors) {
            return operations(selectors.toArray(String[]::new));
        }

        /**
         * The scope a caller needs for the operation {@code operationId}, instead of the service's read scope
         * (GET, HEAD, OPTIONS) or write scope (the others).
         */
        public Builder scope(String operationId, String scope) {
            scopes.put(Objects.requireNonNull(operationId, "operationId"), Objects.requireNonNull(scope, "scope"));
            return this;
        }

        /**
         * The tool name of the operation {@code operationId}, instead of {@code <service>_<operationId>}: 1 to 64 of
         * {@code A-Za-z0-9_.-}, and no other tool's.
         *
         * @throws IllegalArgumentException when {@code name} is not a tool name
         */
        public Builder toolName(String operationId, String name) {
            Objects.requireNonNull(operationId, "operationId");
            if (!OperationSelection.isToolName(name)) {
                throw new IllegalArgumentException("the tool name of operation " + operationId
                        + " must be 1 to 64 letters, digits, '_', '.' or '-'");
            }
            toolNames.put(operationId, name);
            return this;
        }

        /**
         * Whether a call of the operations' tools may run as a task ({@code execution.taskSupport} in
         * {@code tools/list}); {@link Tool.TaskSupport#FORBIDDEN} by default.
         */
        public Builder taskSupport(Tool.TaskSupport support) {
            this.taskSupport = Objects.requireNonNull(support, "taskSupport");
            return this;
        }

        /** Whether a call of the operation {@code operationId}'s tool may run as a task, instead of the pack's. */
        public Builder taskSupport(String operationId, Tool.TaskSupport support) {
            operationTaskSupport.put(
                    Objects.requireNonNull(operationId, "operationId"), Objects.requireNonNull(support, "support"));
            return this;
        }

        /** The largest document read; {@value DocumentReader#DEFAULT_MAX_BYTES} bytes by default. */
        public Builder maxDocumentBytes(long value) {
            this.maxDocumentBytes = value;
            return this;
        }

        /** How long parsing the document may take; 10 s by default. */
        public Builder parseTimeout(Duration value) {
            this.parseTimeout = Objects.requireNonNull(value, "parseTimeout");
            return this;
        }

        /** The least time between two fetches of a document that could not be fetched; 10 s by default. */
        public Builder retryInterval(Duration value) {
            Objects.requireNonNull(value, "retryInterval");
            if (value.isNegative()) {
                throw new IllegalArgumentException("retryInterval must not be negative");
            }
            this.retryInterval = value;
            return this;
        }

        /**
         * The pack.
         *
         * @throws IllegalArgumentException when no document or no operation is given, or a document under the base
         *     URL comes with a tag, a pattern or {@code *}
         */
        public OpenApiTools build() {
            if (documentPath == null && documentFile == null) {
                throw OpenApiDocumentException.of(
                        service,
                        OpenApiSetting.DOCUMENT,
                        "give the document's path under the service's base URL or a local file");
            }
            if (operations.isEmpty()) {
                throw OpenApiDocumentException.of(
                        service,
                        OpenApiSetting.OPERATIONS,
                        "list the operations to serve (operationIds, tag:<tag>, 'GET /path/*' patterns, or * for"
                                + " all); none is served until listed");
            }
            List<String> notById = operations.stream()
                    .filter(selector -> !OperationSelection.isOperationIdSelector(selector))
                    .map(selector -> "'" + selector.strip() + "'")
                    .toList();
            if (documentPath != null && !notById.isEmpty()) {
                throw OpenApiDocumentException.of(
                        service,
                        OpenApiSetting.OPERATIONS,
                        "a document under the base URL takes operationIds only, since its tools are made at start,"
                                + " when it may not be readable; " + String.join(", ", notById) + " choose by tag,"
                                + " pattern or *: list those operations by operationId, or read a local copy of the"
                                + " document instead");
            }
            new DocumentReader(maxDocumentBytes, parseTimeout);
            return new OpenApiTools(this);
        }
    }
}
