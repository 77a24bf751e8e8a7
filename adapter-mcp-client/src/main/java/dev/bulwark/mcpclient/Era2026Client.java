package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.upstream.UpstreamCaller;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * The 2026 era over Streamable HTTP: each request a POST of its own, with the protocol version and client
 * capabilities in its {@code _meta}, the era's routing headers, the credential and the trace context; a request is
 * cancelled by closing its connection and with {@code notifications/cancelled}. Thread-safe.
 */
final class Era2026Client implements UpstreamClient {

    static final String VERSION = ProtocolEra.REQUESTS_2026_07_28.version();
    private static final String VERSION_META = ProtocolEra.VERSION_META_KEY;
    private static final String CAPABILITIES_META = "io.modelcontextprotocol/clientCapabilities";
    private static final String SERVER_INFO_META = "io.modelcontextprotocol/serverInfo";

    private final String upstream;
    private final URI url;
    private final Optional<Map.Entry<String, String>> credential;
    private final long maxBytes;
    private final Duration discoverTime;
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final HttpClient http;
    private final ExecutorService readers;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Map<String, UpstreamCaller> callers = new ConcurrentHashMap<>();
    private final Map<String, TaskSupport> listedTaskSupport = new ConcurrentHashMap<>();
    /** By tool: its arguments the input schema marks with {@code x-mcp-header}, and the header each goes in. */
    private final Map<String, Map<String, String>> paramHeaders = new ConcurrentHashMap<>();

    private volatile JsonNode discovered;
    /** The open {@code subscriptions/listen} stream, if any, ended when the client closes. */
    private volatile CompletableFuture<JsonNode> listening;

    /** A request sent and not answered yet: its JSON-RPC id and its exchange. */
    private record InFlight(long id, CompletableFuture<HttpResponse<InputStream>> exchange) {

        /** Closes its connection, whether its answer has begun or not. */
        void abort() {
            exchange.cancel(true);
            exchange.thenAccept(response -> close(response.body()));
        }
    }

    /**
     * @param credential the credential header and its value, if any
     * @param maxBytes the largest answer read
     * @param discoverTime how long {@code server/discover} may take
     */
    Era2026Client(
            String upstream,
            URI url,
            Optional<Map.Entry<String, String>> credential,
            long maxBytes,
            Duration discoverTime) {
        this.upstream = upstream;
        this.url = url;
        this.credential = credential;
        this.maxBytes = maxBytes;
        this.discoverTime = discoverTime;
        this.readers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "upstream-" + upstream + "-2026");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .executor(readers)
                .build();
    }

    /**
     * Whether the upstream answers {@code server/discover} in the 2026 era, listing its version.
     *
     * @throws UncheckedIOException when it cannot be reached at all
     */
    boolean speaks2026() {
        try {
            JsonNode result = send("server/discover", json.createObjectNode(), null, UpstreamCaller.NONE)
                    .get(discoverTime.toNanos(), TimeUnit.NANOSECONDS);
            for (JsonNode version : result.path("supportedVersions")) {
                if (VERSION.equals(version.asText())) {
                    discovered = result;
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while discovering the upstream's era", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the upstream did not answer server/discover in time", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof McpError) {
                return false; // an answer, but not in this era
            }
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public Mono<Opened> open() {
        JsonNode known = discovered;
        Mono<JsonNode> result = known != null
                ? Mono.just(known)
                : request("server/discover", json.createObjectNode(), null, UpstreamCaller.NONE);
        return result.map(found -> {
            discovered = null; // read again on the next open
            JsonNode info = found.path("_meta").path(SERVER_INFO_META);
            JsonNode capabilities = found.path("capabilities");
            return new Opened(
                    info.path("name").asText("?"),
                    info.path("version").asText("?"),
                    VERSION,
                    capabilities.has("prompts"),
                    capabilities.has("resources"));
        });
    }

    @Override
    public String era() {
        return VERSION;
    }

    @Override
    public boolean pushesListChanges() {
        return false;
    }

    @Override
    public Mono<Object> ping() {
        return request("server/discover", json.createObjectNode(), null, UpstreamCaller.NONE)
                .cast(Object.class);
    }

    @Override
    public Mono<McpSchema.ListToolsResult> listTools(String cursor) {
        return request("tools/list", paged(cursor), null, UpstreamCaller.NONE).map(result -> {
            for (JsonNode tool : result.path("tools")) {
                String support = tool.path("execution").path("taskSupport").asText("");
                try {
                    listedTaskSupport.put(tool.path("name").asText(), TaskSupport.parse(support));
                } catch (IllegalArgumentException e) {
                    listedTaskSupport.remove(tool.path("name").asText());
                }
                Map<String, String> headers = new LinkedHashMap<>();
                tool.path("inputSchema").path("properties").fields().forEachRemaining(property -> {
                    JsonNode header = property.getValue().path("x-mcp-header");
                    if (header.isTextual()) {
                        headers.put(property.getKey(), "Mcp-Param-" + header.asText());
                    }
                });
                paramHeaders.put(tool.path("name").asText(), Map.copyOf(headers));
            }
            return json.convertValue(result, McpSchema.ListToolsResult.class);
        });
    }

    @Override
    public Mono<McpSchema.CallToolResult> callTool(McpSchema.CallToolRequest request) {
        ObjectNode params = json.valueToTree(request);
        return request("tools/call", params, request.name(), callerOf(params))
                .map(result -> asksForInput(result)
                        ? inputRequired()
                        : json.convertValue(result, McpSchema.CallToolResult.class));
    }

    /**
     * The answer to a call whose upstream asked its caller for input: the gateway does not pass such rounds on yet,
     * so the call ends as a tool error saying so.
     */
    private McpSchema.CallToolResult inputRequired() {
        return McpSchema.CallToolResult.builder()
                .addTextContent("Upstream " + upstream + " asked the caller for input during the call"
                        + " (input_required), which the gateway does not pass on from an upstream of the " + VERSION
                        + " era yet")
                .isError(true)
                .build();
    }

    @Override
    public Mono<McpSchema.ListPromptsResult> listPrompts(String cursor) {
        return request("prompts/list", paged(cursor), null, UpstreamCaller.NONE)
                .map(result -> json.convertValue(result, McpSchema.ListPromptsResult.class));
    }

    @Override
    public Mono<McpSchema.GetPromptResult> getPrompt(McpSchema.GetPromptRequest request) {
        ObjectNode params = json.valueToTree(request);
        return request("prompts/get", params, request.name(), callerOf(params))
                .map(result -> completed(result, McpSchema.GetPromptResult.class));
    }

    @Override
    public Mono<McpSchema.ListResourcesResult> listResources(String cursor) {
        return request("resources/list", paged(cursor), null, UpstreamCaller.NONE)
                .map(result -> json.convertValue(result, McpSchema.ListResourcesResult.class));
    }

    @Override
    public Mono<McpSchema.ListResourceTemplatesResult> listResourceTemplates(String cursor) {
        return request("resources/templates/list", paged(cursor), null, UpstreamCaller.NONE)
                .map(result -> json.convertValue(result, McpSchema.ListResourceTemplatesResult.class));
    }

    @Override
    public Mono<McpSchema.ReadResourceResult> readResource(McpSchema.ReadResourceRequest request) {
        ObjectNode params = json.valueToTree(request);
        return request("resources/read", params, request.uri(), callerOf(params))
                .map(result -> completed(result, McpSchema.ReadResourceResult.class));
    }

    /** Whether the upstream answered with an {@code input_required} round instead of a result. */
    private static boolean asksForInput(JsonNode result) {
        return "input_required".equals(result.path("resultType").asText());
    }

    /** {@code result} as {@code type}; an {@code input_required} result is refused as an error answer. */
    private <T> T completed(JsonNode result, Class<T> type) {
        if (asksForInput(result)) {
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                    -32603, "asked the caller for input (input_required), which the gateway does not pass on"));
        }
        return json.convertValue(result, type);
    }

    @Override
    public TaskSupport listedTaskSupport(String tool) {
        return listedTaskSupport.getOrDefault(tool, TaskSupport.FORBIDDEN);
    }

    @Override
    public void began(String token, UpstreamCaller caller) {
        callers.put(token, caller);
    }

    @Override
    public void ended(String token) {
        callers.remove(token);
    }

    @Override
    public void cancel(String token, String reason) {
        InFlight call = inFlight.remove(token);
        if (call == null) {
            return;
        }
        call.abort();
        ObjectNode params = json.createObjectNode().put("requestId", call.id()).put("reason", reason);
        params.set("_meta", meta());
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/cancelled");
        message.set("params", params);
        http.sendAsync(
                post("notifications/cancelled", null, Map.of(), message), HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void forget(String token) {
        inFlight.remove(token);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            inFlight.values().forEach(InFlight::abort);
            CompletableFuture<JsonNode> stream = listening;
            if (stream != null) {
                stream.cancel(true);
            }
            inFlight.clear();
            readers.shutdownNow();
        });
    }

    private ObjectNode paged(String cursor) {
        ObjectNode params = json.createObjectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        return params;
    }

    /** The caller of the call whose {@code _meta} carries a progress token this client was told of. */
    private UpstreamCaller callerOf(ObjectNode params) {
        String token = params.path("_meta").path("progressToken").asText("");
        return callers.getOrDefault(token, UpstreamCaller.NONE);
    }

    private Mono<JsonNode> request(String method, ObjectNode params, String name, UpstreamCaller caller) {
        return Mono.fromFuture(() -> send(method, params, name, caller));
    }

    /** Sends one request and reads its answer on a reader thread; cancelling the future closes the connection. */
    private CompletableFuture<JsonNode> send(String method, ObjectNode params, String name, UpstreamCaller caller) {
        return send(method, params, name, caller, kind -> {});
    }

    /**
     * Opens {@code subscriptions/listen} for the upstream's list changes, telling {@code changed} {@code tools},
     * {@code prompts} or {@code resources} on the client's reader thread, until the stream ends or the client closes.
     */
    @Override
    public void listen(Consumer<String> changed) {
        ObjectNode params = json.createObjectNode();
        params.putObject("notifications")
                .put("toolsListChanged", true)
                .put("promptsListChanged", true)
                .put("resourcesListChanged", true);
        CompletableFuture<JsonNode> stream = send("subscriptions/listen", params, null, UpstreamCaller.NONE, changed);
        listening = stream;
    }

    private CompletableFuture<JsonNode> send(
            String method, ObjectNode params, String name, UpstreamCaller caller, Consumer<String> listChanged) {
        long id = ids.incrementAndGet();
        JsonNode given = params.path("_meta");
        ObjectNode meta = meta();
        Map<String, String> trace = new LinkedHashMap<>();
        if (given.isObject()) {
            given.fields().forEachRemaining(field -> {
                meta.set(field.getKey(), field.getValue());
                if (UpstreamTraceContext.KEYS.contains(field.getKey())
                        && field.getValue().isTextual()) {
                    trace.put(field.getKey(), field.getValue().asText());
                }
            });
        }
        params.set("_meta", meta);
        ObjectNode message =
                json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        CompletableFuture<HttpResponse<InputStream>> exchange =
                http.sendAsync(post(method, name, trace, message), HttpResponse.BodyHandlers.ofInputStream());
        String token = meta.path("progressToken").asText("");
        if (!token.isEmpty()) {
            inFlight.put(token, new InFlight(id, exchange));
        }
        Era2026Answer answer = new Era2026Answer(upstream, json, maxBytes, id, caller, listChanged);
        CompletableFuture<JsonNode> result = exchange.thenApplyAsync(answer::result, readers);
        result.whenComplete((done, failure) -> {
            if (failure != null) {
                new InFlight(id, exchange).abort();
            }
        });
        return result.handle((done, failure) -> {
            if (failure == null) {
                return done;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(
                    cause instanceof IOException io ? io : new IOException("the upstream could not be reached"));
        });
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // closing only
        }
    }

    /** The era's {@code _meta}: its version, and no client capabilities: the gateway answers no request of its own. */
    private ObjectNode meta() {
        ObjectNode meta = json.createObjectNode().put(VERSION_META, VERSION);
        meta.putObject(CAPABILITIES_META);
        return meta;
    }

    private HttpRequest post(String method, String name, Map<String, String> trace, ObjectNode message) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofDays(1)) // the call's own timeout bounds it
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", VERSION)
                .header("Mcp-Method", method)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (name != null) {
            request.header("Mcp-Name", headerValue(name));
        }
        if ("tools/call".equals(method)) {
            JsonNode arguments = message.path("params").path("arguments");
            paramHeaders.getOrDefault(name, Map.of()).forEach((argument, header) -> {
                JsonNode value = arguments.path(argument);
                if (value.isValueNode() && !value.isNull()) {
                    request.header(header, headerValue(value.asText()));
                }
            });
        }
        credential.ifPresent(header -> request.header(header.getKey(), header.getValue()));
        trace.forEach(request::header);
        return request.build();
    }

    /** A header's value: as it is when plain ASCII, else {@code =?base64?...?=} of its UTF-8 bytes. */
    static String headerValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
            }
        }
        return value;
    }
}
