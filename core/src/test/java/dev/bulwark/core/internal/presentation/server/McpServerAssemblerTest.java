package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.presentation.pipeline.DeadlinesByHand;
import dev.bulwark.core.internal.presentation.pipeline.RequestIds;
import dev.bulwark.core.internal.presentation.pipeline.TestPipelines;
import dev.bulwark.core.internal.presentation.pipeline.ToolInvocation;
import dev.bulwark.core.internal.presentation.pipeline.ToolPipeline;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.calls.RunsRequestsOnItsOwnThreads;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServesSessionRequests;
import dev.bulwark.ports.sessions.SessionRequests;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Tool definitions as clients list them, and tool calls routed from the SDK server into the pipeline. */
class McpServerAssemblerTest {

    record LookupInput(@ToolParam(description = "User id") long id) {}

    record User(long id, String name) {}

    private static final Principal OPERATOR = Principal.of("local-operator", "*");

    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicReference<ToolInvocation> seen = new AtomicReference<>();
    private final AtomicReference<CallToolResult> answer = new AtomicReference<>(CallToolResult.builder()
            .content(List.of(TextContent.builder("Ada").build()))
            .structuredContent(Map.of("id", 7, "name", "Ada"))
            .isError(false)
            .build());
    private final ToolPipeline recordingPipeline = TestPipelines.ending(invocation -> {
        seen.set(invocation);
        return CompletableFuture.completedFuture(answer.get());
    });
    private McpStatelessAsyncServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Tool<LookupInput, User> lookup() {
        return Tool.builder("get_user", LookupInput.class, User.class)
                .title("Get user")
                .description("Looks a user up by id")
                .readOnly(true)
                .handler((input, context) -> ToolResult.of(new User(input.id(), "Ada"), "Ada"))
                .build();
    }

    @Test
    void definitionCarriesNameTitleAndDescription() {
        McpSchema.Tool definition = McpServerAssembler.definitionOf(lookup());

        assertThat(definition.name()).isEqualTo("get_user");
        assertThat(definition.title()).isEqualTo("Get user");
        assertThat(definition.description()).isEqualTo("Looks a user up by id");
    }

    @Test
    void definitionCarriesTheInputAndOutputSchemas() {
        Tool<LookupInput, User> tool = lookup();

        McpSchema.Tool definition = McpServerAssembler.definitionOf(tool);

        assertThat(definition.inputSchema()).isEqualTo(tool.inputSchema());
        assertThat(definition.outputSchema()).isEqualTo(tool.outputSchema().orElseThrow());
    }

    @Test
    void definitionCarriesTheReadOnlyHint() {
        assertThat(McpServerAssembler.definitionOf(lookup()).annotations().readOnlyHint())
                .isTrue();
    }

    @Test
    void definitionOfAWritingToolSaysItIsNotReadOnly() {
        Tool<LookupInput, Void> delete = Tool.builder("delete_user", LookupInput.class, Void.class)
                .description("Deletes a user")
                .handler((input, context) -> ToolResult.text("deleted"))
                .build();

        McpSchema.Tool definition = McpServerAssembler.definitionOf(delete);

        assertThat(definition.annotations().readOnlyHint()).isFalse();
        assertThat(definition.outputSchema()).isNull();
    }

    @Test
    void toolCallRunsThroughThePipelineWithTheClientsArguments() {
        callTool(McpTransportContext.EMPTY, Map.of());

        assertThat(seen.get().toolName()).isEqualTo("get_user");
        assertThat(seen.get().arguments()).isEqualTo(Map.of("id", 7));
    }

    @Test
    void toolCallReturnsThePipelinesResult() {
        CallToolResult result = callTool(McpTransportContext.EMPTY, Map.of());

        assertThat(result.isError()).isFalse();
        assertThat(((TextContent) result.content().get(0)).text()).isEqualTo("Ada");
        assertThat(result.structuredContent()).isEqualTo(Map.of("id", 7, "name", "Ada"));
    }

    @Test
    void errorResultReachesTheClientUnchangedEvenForAToolWithAnOutputSchema() {
        answer.set(CallToolResult.builder()
                .content(List.of(TextContent.builder("Invalid arguments for tool 'get_user': $.id: required")
                        .build()))
                .isError(true)
                .meta(Map.of("dev.bulwark/error-type", "invalid_arguments"))
                .build());

        CallToolResult result = callTool(McpTransportContext.EMPTY, Map.of());

        assertThat(result.isError()).isTrue();
        assertThat(((TextContent) result.content().get(0)).text()).contains("$.id: required");
        assertThat(result.meta()).containsEntry("dev.bulwark/error-type", "invalid_arguments");
    }

    @Test
    void callerIsThePrincipalTheTransportAuthenticated() {
        Principal alice = Principal.of("alice", "tools:read");

        callTool(McpTransportContext.create(RequestOrigin.of(alice).asContext()), Map.of());

        assertThat(seen.get().context().principal()).isEqualTo(alice);
    }

    @Test
    void callerIsTheDefaultPrincipalWhenTheTransportNamesNone() {
        InMemoryTransport transport = new InMemoryTransport(new JacksonMcpJsonMapper(mapper));
        McpSyncServer session = recordingSession(transport);
        try (McpSyncClient client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .build()) {
            client.initialize();
            client.callTool(new CallToolRequest("get_user", Map.of("id", 7)));
        } finally {
            session.close();
        }

        assertThat(seen.get().context().principal()).isEqualTo(OPERATOR);
    }

    @Test
    void aSessionsToolCallReachesItsToolPastTheSdksSessionWhileAnUnknownToolStaysTheSessions() {
        InMemoryTransport transport = new InMemoryTransport(new JacksonMcpJsonMapper(mapper));
        McpSyncServer session = recordingSession(transport);
        CallToolResult answered;
        try (McpSyncClient client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .build()) {
            client.initialize();
            answered = client.callTool(new CallToolRequest("get_user", Map.of("id", 7)));
            assertThatThrownBy(() -> client.callTool(new CallToolRequest("no_such_tool", Map.of())))
                    .as("the session's own answer to a tool it does not have")
                    .hasMessageContaining("Unknown tool");
        } finally {
            session.close();
        }

        assertThat(answered).isEqualTo(answer.get());
        assertThat(seen.get().tool().name()).isEqualTo("get_user");
        assertThat(transport.requestsHandedToSession())
                .as("the call of a tool the server has never reaches the SDK's session")
                .containsExactly(McpSchema.METHOD_INITIALIZE, McpSchema.METHOD_TOOLS_CALL);
    }

    /** A session server with the lookup tool over {@code transport}, its calls seen by the recording pipeline. */
    private McpSyncServer recordingSession(InMemoryTransport transport) {
        return new McpServerAssembler(
                        ServerSettings.defaults(),
                        ServerFeatures.builder().tool(lookup()).build(),
                        recordingPipeline,
                        new JacksonMcpJsonMapper(mapper))
                .serve(transport, OPERATOR);
    }

    @Test
    void aToolRunsOnTheThreadATransportThatRunsRequestsOnItsOwnThreadsHandsItOn() {
        AtomicReference<String> thread = new AtomicReference<>();
        ToolPipeline threadRecording = TestPipelines.ending(invocation -> {
            thread.set(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(answer.get());
        });
        InMemoryTransport transport = new InMemoryTransport(new JacksonMcpJsonMapper(mapper));
        McpSyncServer session = new McpServerAssembler(
                        ServerSettings.defaults(),
                        ServerFeatures.builder().tool(lookup()).build(),
                        threadRecording,
                        new JacksonMcpJsonMapper(mapper))
                .serve(new OwnThreadsTransport(transport), OPERATOR);
        try (McpSyncClient client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .build()) {
            client.initialize();
            client.callTool(new CallToolRequest("get_user", Map.of("id", 7)));
        } finally {
            session.close();
        }

        assertThat(thread.get()).as("not handed on to Reactor's elastic pool").isEqualTo("in-memory-transport");
    }

    @Test
    void anIsolatedHandlerRunsOnTheTransportsOwnThreadWhichIsToldWhenTheHandlerHoldsItPastTheDeadline()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService toolExecutor = Executors.newCachedThreadPool();
        DeadlinesByHand deadlines = new DeadlinesByHand();
        ToolPipeline stubborn =
                TestPipelines.resilient(toolExecutor, Duration.ofSeconds(30), 16, 4, deadlines, invocation -> {
                    ranOn.set(Thread.currentThread());
                    started.countDown();
                    awaitIgnoringInterrupts(release);
                    return CompletableFuture.completedFuture(answer.get());
                });
        Tool<LookupInput, User> quick = Tool.builder("get_user", LookupInput.class, User.class)
                .description("Looks a user up by id, within 200 ms")
                .timeout(Duration.ofMillis(200))
                .handler((input, context) -> ToolResult.of(new User(input.id(), "Ada"), "Ada"))
                .build();
        List<Thread> held = new CopyOnWriteArrayList<>();
        InMemoryTransport transport = new InMemoryTransport(new JacksonMcpJsonMapper(mapper));
        McpSyncServer session = new McpServerAssembler(
                        ServerSettings.defaults(),
                        ServerFeatures.builder().tool(quick).build(),
                        stubborn,
                        new JacksonMcpJsonMapper(mapper))
                .serve(new OwnThreadsTransport(transport, held::add), OPERATOR);
        try (McpSyncClient client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .build()) {
            client.initialize();
            CompletableFuture<CallToolResult> call = CompletableFuture.supplyAsync(
                    () -> client.callTool(new CallToolRequest("get_user", Map.of("id", 7))));
            assertThat(started.await(30, TimeUnit.SECONDS))
                    .as("the handler started")
                    .isTrue();

            deadlines.passAll();

            // this pipeline maps no error, so the deadline's failure reaches the transport: a fixed internal error
            assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                    .as("answered at the deadline while the handler still runs")
                    .hasMessageContaining(DirectToolCalls.INTERNAL_ERROR);
            assertThat(ranOn.get().getName()).as("not on the tool executor").isEqualTo("in-memory-transport");
            assertThat(held)
                    .as("the transport is told which of its threads is held")
                    .containsExactly(ranOn.get());
        } finally {
            release.countDown();
            session.close();
            toolExecutor.shutdownNow();
        }
    }

    private static void awaitIgnoringInterrupts(CountDownLatch release) {
        boolean released = false;
        while (!released) {
            try {
                released = release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // ignores the interrupt its deadline brings, as a careless handler would
            }
        }
    }

    /**
     * The in-memory transport, declared to run requests on its own threads (its one thread does); it tells
     * {@code held} of each thread it is told a handler holds past its deadline.
     */
    private record OwnThreadsTransport(InMemoryTransport delegate, Consumer<Thread> held)
            implements McpServerTransportProvider, RunsRequestsOnItsOwnThreads, ServesSessionRequests {

        OwnThreadsTransport(InMemoryTransport delegate) {
            this(delegate, thread -> {});
        }

        @Override
        public void serveSessionRequestsWith(SessionRequests requests, Principal defaultCaller) {
            delegate.serveSessionRequestsWith(requests, defaultCaller);
        }

        @Override
        public void requestThreadHeld(Thread requestThread) {
            held.accept(requestThread);
        }

        @Override
        public void setSessionFactory(McpServerSession.Factory sessionFactory) {
            delegate.setSessionFactory(sessionFactory);
        }

        @Override
        public Mono<Void> notifyClients(String method, Object params) {
            return delegate.notifyClients(method, params);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }
    }

    @Test
    void requestWithoutACallerIsRefusedByAnAssemblerThatRequiresTheTransportToNameOne() {
        CapturingTransport transport = new CapturingTransport();
        server = new McpServerAssembler(
                        ServerSettings.defaults(),
                        ServerFeatures.builder().tool(lookup()).build(),
                        recordingPipeline,
                        new JacksonMcpJsonMapper(mapper))
                .serveStateless(transport);
        Map<String, Object> params = Map.of("name", "get_user", "arguments", Map.of("id", 7));

        McpSchema.JSONRPCResponse response = transport
                .handler
                .handleRequest(McpTransportContext.EMPTY, new McpSchema.JSONRPCRequest("2.0", "tools/call", 1, params))
                .block(Duration.ofSeconds(30));

        assertThat(response).isNotNull();
        assertThat(response.error()).isNotNull();
        assertThat(response.error().message()).contains("named no caller");
        assertThat(seen.get()).as("no tool ran").isNull();
    }

    @Test
    void requestIdComesFromTheRequestMeta() {
        callTool(McpTransportContext.EMPTY, Map.of(RequestIds.META_KEY, "client-req-9"));

        assertThat(seen.get().context().requestId()).isEqualTo("client-req-9");
    }

    @Test
    void requestIdComesFromTheTransportWhenTheRequestHasNone() {
        callTool(
                McpTransportContext.create(RequestOrigin.builder(ProtocolEra.SESSIONS_2025_11_25)
                        .clientRequestId("header-req-3")
                        .build()
                        .asContext()),
                Map.of());

        assertThat(seen.get().context().requestId()).isEqualTo("header-req-3");
    }

    /** Calls the tool over a stateless server, as {@link #OPERATOR} unless {@code context} names a caller. */
    private CallToolResult callTool(McpTransportContext context, Map<String, Object> meta) {
        RequestOrigin origin = RequestOrigin.from(context::get);
        if (origin.caller().isEmpty()) {
            context = McpTransportContext.create(
                    origin.toBuilder().caller(OPERATOR).build().asContext());
        }
        CapturingTransport transport = new CapturingTransport();
        McpServerAssembler assembler = new McpServerAssembler(
                ServerSettings.defaults(),
                ServerFeatures.builder().tool(lookup()).build(),
                recordingPipeline,
                new JacksonMcpJsonMapper(mapper));
        server = assembler.serveStateless(transport);
        Map<String, Object> params = Map.of("name", "get_user", "arguments", Map.of("id", 7), "_meta", meta);

        McpSchema.JSONRPCResponse response = transport
                .handler
                .handleRequest(context, new McpSchema.JSONRPCRequest("2.0", "tools/call", 1, params))
                .block(Duration.ofSeconds(30));

        assertThat(response).isNotNull();
        assertThat(response.error()).isNull();
        return mapper.convertValue(response.result(), CallToolResult.class);
    }
}
