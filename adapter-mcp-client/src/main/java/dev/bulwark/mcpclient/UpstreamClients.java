package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.origin.ProtocolEra;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the client of each connection to one upstream, in the era its settings choose: the 2026 era when the upstream
 * answers {@code server/discover} in it, else the MCP SDK's session. Thread-safe.
 */
final class UpstreamClients {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClients.class);
    /** The least time a connection (a child's start, the handshake, the tool list) or a ping is given. */
    private static final Duration MIN_CONNECT_TIME = Duration.ofSeconds(30);

    /**
     * Where what an SDK session hears goes: the lists the upstream sent again, and a message over the cap.
     *
     * @param tools the tools listed again
     * @param prompts the prompts listed again
     * @param resources the resources and templates listed again
     * @param tooLarge a message over the cap came
     */
    record Changes(
            Consumer<List<McpSchema.Tool>> tools,
            Consumer<List<McpSchema.Prompt>> prompts,
            BiConsumer<List<McpSchema.Resource>, List<McpSchema.ResourceTemplate>> resources,
            Runnable tooLarge) {}

    private final UpstreamSettings settings;
    private final Map<String, String> bulwarkEnvironment;
    private final McpJsonMapper mapper;
    /** The 2026 era's mapper: the SDK's own, when it is Jackson's. */
    private final ObjectMapper json;

    private final long maxMessageBytes;
    private final Changes changes;

    /** @param maxMessageBytes the largest message read from the upstream */
    UpstreamClients(
            UpstreamSettings settings,
            Map<String, String> bulwarkEnvironment,
            McpJsonMapper mapper,
            long maxMessageBytes,
            Changes changes) {
        this.settings = settings;
        this.bulwarkEnvironment = Map.copyOf(bulwarkEnvironment);
        this.mapper = mapper;
        this.json = mapper instanceof JacksonMcpJsonMapper jackson
                ? jackson.getObjectMapper()
                : new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.maxMessageBytes = maxMessageBytes;
        this.changes = changes;
    }

    /**
     * The client of a new connection: of the 2026 era for an upstream that speaks it (unless its era setting names
     * 2025), else of the SDK's session, over a child of its own for a stdio upstream.
     *
     * @param ended completed when a stdio child of the connection ends
     * @throws EraRefusedException when the era setting names 2026 and the upstream does not speak it
     */
    UpstreamClient make(CompletableFuture<Void> ended) {
        return settings.era() != UpstreamSettings.Era.V2025_11_25 ? era2026(ended) : sdk(ended, Optional.empty());
    }

    /**
     * A client of the 2026 era when the upstream answers {@code server/discover} in that era; when it does not and the
     * era is {@code auto}, the SDK's session (on the same child, if it is still running).
     *
     * @throws EraRefusedException when it does not and the era setting names the 2026 era
     */
    private UpstreamClient era2026(CompletableFuture<Void> ended) {
        boolean stdio = settings.transport() == UpstreamSettings.Transport.STDIO;
        ChildProcessTransport child = stdio ? child() : null;
        Era2026Exchange exchange = stdio
                ? new Era2026StdioExchange(settings.name(), child, json)
                : new Era2026HttpExchange(
                        settings.name(),
                        settings.url().orElseThrow(),
                        credentialHeaderValue(),
                        maxMessageBytes,
                        json,
                        settings.timeout(),
                        connectTime(settings));
        Era2026Client client = new Era2026Client(settings.name(), exchange, json, connectTime(settings));
        boolean speaks;
        try {
            speaks = client.speaks2026();
        } catch (RuntimeException e) {
            client.closeGracefully().block();
            if (!stdio || settings.era() != UpstreamSettings.Era.AUTO) {
                throw e;
            }
            // a child that does not know the era may stay silent, write garbage or exit: the SDK gets a fresh one
            LOG.debug("Upstream {}: server/discover failed: {}", settings.name(), Safe.describe(e));
            child = null;
            speaks = false;
        }
        if (speaks) {
            if (child != null) {
                child.exited().thenRun(() -> ended.complete(null));
            }
            return client;
        }
        if (child == null || child.exited().isDone() || settings.era() == UpstreamSettings.Era.V2026_07_28) {
            client.closeGracefully().block();
            child = null;
        }
        if (settings.era() == UpstreamSettings.Era.V2026_07_28) {
            throw new EraRefusedException("it does not answer server/discover in "
                    + ProtocolEra.REQUESTS_2026_07_28.version() + ", the era its setting names: set era to auto or "
                    + ProtocolEra.SESSIONS_2025_11_25.version());
        }
        LOG.info(
                "Upstream {} does not speak {}; it is spoken to in {}",
                settings.name(),
                ProtocolEra.REQUESTS_2026_07_28.version(),
                ProtocolEra.SESSIONS_2025_11_25.version());
        // a stdio child that refused server/discover is still uninitialised: the SDK's session takes it over
        return sdk(ended, Optional.ofNullable(child));
    }

    /** The credential header's value: {@code Bearer <credential>} for {@code Authorization}, else the credential. */
    private Optional<Map.Entry<String, String>> credentialHeaderValue() {
        String header = settings.credentialHeader();
        return credential()
                .map(secret -> header.equalsIgnoreCase("Authorization") ? "Bearer " + secret : secret)
                .map(value -> Map.entry(header, value));
    }

    /** A client of the 2025 session era on the MCP SDK, over the upstream's stdio child or its HTTP endpoint. */
    private UpstreamClient sdk(CompletableFuture<Void> ended, Optional<ChildProcessTransport> running) {
        McpClientTransport raw;
        Runnable release = () -> {};
        if (settings.transport() == UpstreamSettings.Transport.STDIO) {
            ChildProcessTransport child = running.orElseGet(this::child);
            child.exited().thenRun(() -> ended.complete(null));
            raw = child;
        } else {
            ExecutorService senders = senders();
            // the SDK's transport never closes its HTTP client: its threads end with the session instead
            release = senders::shutdownNow;
            HttpClientStreamableHttpTransport.Builder http = HttpClientStreamableHttpTransport.builder(
                            origin(settings.url().orElseThrow()))
                    .endpoint(endpoint(settings.url().orElseThrow()))
                    .jsonMapper(mapper)
                    .clientBuilder(OwnThreadHttpClient.builder(HttpClient.newBuilder(), senders)
                            .connectTimeout(Duration.ofSeconds(10)))
                    .maxResponseSize((int) Math.min(Integer.MAX_VALUE, maxMessageBytes));
            Optional<Map.Entry<String, String>> credential = credentialHeaderValue();
            http.httpRequestCustomizer((request, method, uri, body, context) -> {
                credential.ifPresent(header -> request.header(header.getKey(), header.getValue()));
                UpstreamTraceContext.addHeaders(request, method, context);
            });
            raw = http.build();
        }
        RelayingTransport relaying = new RelayingTransport(raw, settings.name(), mapper, settings.timeout());
        CancellingTransport transport = new CancellingTransport(relaying);
        java.util.concurrent.atomic.AtomicReference<UpstreamClient> built =
                new java.util.concurrent.atomic.AtomicReference<>();
        McpAsyncClient client = McpClient.async(transport)
                .requestTimeout(connectTime(settings).plusSeconds(5))
                .initializationTimeout(connectTime(settings))
                .clientInfo(new McpSchema.Implementation("bulwark-gateway", "1"))
                // always declared: a request the call's caller cannot answer is refused with a clear error
                .capabilities(McpSchema.ClientCapabilities.builder()
                        .roots(false)
                        .sampling()
                        .elicitation()
                        .build())
                // no resourcesUpdateConsumer: RelayingTransport takes resource updates before the SDK would read them
                // the SDK requires handlers for them; RelayingTransport answers these requests before the SDK sees them
                .sampling(request -> reactor.core.publisher.Mono.error(
                        new IllegalStateException("sampling requests are relayed by the transport")))
                .elicitation(request -> reactor.core.publisher.Mono.error(
                        new IllegalStateException("elicitation requests are relayed by the transport")))
                .toolsChangeConsumer(listed -> {
                    changes.tools().accept(listed);
                    return reactor.core.publisher.Mono.empty();
                })
                .promptsChangeConsumer(listed -> {
                    changes.prompts().accept(listed);
                    return reactor.core.publisher.Mono.empty();
                })
                .resourcesChangeConsumer(listed -> {
                    // the SDK read the resources again; the templates are read here, without blocking its thread
                    UpstreamClient changed = built.get();
                    if (changed != null) {
                        templates(changed)
                                .subscribe(
                                        templates -> changes.resources().accept(listed, templates),
                                        failure -> LOG.warn(
                                                "Upstream {}: its resource templates could not be read again: {}",
                                                settings.name(),
                                                Safe.describe(failure)));
                    }
                    return reactor.core.publisher.Mono.empty();
                })
                .build();
        SdkUpstreamClient sdk = new SdkUpstreamClient(client, transport, relaying, release);
        built.set(sdk);
        return sdk;
    }

    /** The threads the SDK transport's requests wait for their answers on; idle ones end after a minute. */
    private ExecutorService senders() {
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "upstream-" + settings.name() + "-http");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A new child of a stdio upstream, with only the environment its settings name. */
    private ChildProcessTransport child() {
        List<String> command = new ArrayList<>();
        command.add(settings.command());
        command.addAll(settings.args());
        return new ChildProcessTransport(
                settings.name(),
                command,
                childEnvironment(),
                settings.workingDirectory(),
                mapper,
                maxMessageBytes,
                changes.tooLarge()::run);
    }

    /** The time a connection (a child's start, the handshake, the lists) or a health check is given. */
    static Duration connectTime(UpstreamSettings settings) {
        return settings.timeout().compareTo(MIN_CONNECT_TIME) > 0 ? settings.timeout() : MIN_CONNECT_TIME;
    }

    /** Every resource template the upstream lists, page by page, at most 100 pages. */
    static reactor.core.publisher.Mono<List<McpSchema.ResourceTemplate>> templates(UpstreamClient client) {
        return client.listResourceTemplates(null)
                .expand(page -> page.nextCursor() == null || page.nextCursor().isEmpty()
                        ? reactor.core.publisher.Mono.empty()
                        : client.listResourceTemplates(page.nextCursor()))
                .take(100)
                .flatMapIterable(page -> page.resourceTemplates() == null ? List.of() : page.resourceTemplates())
                .collectList();
    }

    /** The child's whole environment: the configured variables, and those passed on from Bulwark's own. */
    Map<String, String> childEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String variable : settings.passEnv()) {
            String value = bulwarkEnvironment.get(variable);
            if (value != null) {
                environment.put(variable, value);
            }
        }
        environment.putAll(settings.env());
        return environment;
    }

    private Optional<String> credential() {
        if (settings.credentialFile().isPresent()) {
            try {
                return Optional.of(Files.readString(settings.credentialFile().get(), StandardCharsets.UTF_8)
                                .strip())
                        .filter(text -> !text.isEmpty());
            } catch (IOException e) {
                throw new IllegalStateException("its credential file cannot be read");
            }
        }
        return settings.credential();
    }

    private static String origin(java.net.URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    private static String endpoint(java.net.URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
