package dev.bulwark.tools.presentation.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.server.InMemoryTransport;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.upstream.McpUpstreams;
import dev.bulwark.ports.upstream.UpstreamCallException;
import dev.bulwark.ports.upstream.UpstreamFailure;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.ports.upstream.UpstreamPromptResult;
import dev.bulwark.ports.upstream.UpstreamResource;
import dev.bulwark.ports.upstream.UpstreamResourceContents;
import dev.bulwark.ports.upstream.UpstreamResult;
import dev.bulwark.ports.upstream.UpstreamTool;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.ToolTester;
import dev.bulwark.tools.GatewayPack;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway pack through the whole pipeline, in front of a fake upstream. */
class GatewayPackTest {

    private final FakeUpstreams upstream = new FakeUpstreams();
    private final List<AuditRecord> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ToolTester tester;

    private McpSyncClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.closeGracefully();
        }
        if (tester != null) {
            tester.close();
        }
    }

    private ToolTester tester(GatewayTools.Exposure exposure) {
        tester = ToolTester.of(Bulwark.builder(BulwarkConfig.defaults())
                .pack(new GatewayPack(upstream, List.of(exposure)))
                .auditLog(audit::add)
                .build());
        return tester;
    }

    private static GatewayTools.Exposure exposure(
            Map<String, String> rename, Optional<String> scope, Set<String> allow, Set<String> deny) {
        return new GatewayTools.Exposure("files", "files_", rename, scope, allow, deny, Duration.ofSeconds(5));
    }

    @Test
    void theUpstreamsToolsAreListedUnderTheirPrefixOrNewNameAndFiltered() {
        ToolTester tester = tester(exposure(Map.of("read", "read_file"), Optional.empty(), Set.of(), Set.of("delete")));

        assertThat(tester.bulwark().tools())
                .extracting(Tool::name)
                .containsExactlyInAnyOrder("read_file", "files_write");
        Tool<?, ?> read = tester.bulwark().tools().stream()
                .filter(tool -> tool.name().equals("read_file"))
                .findFirst()
                .orElseThrow();
        assertThat(read.inputSchema()).containsEntry("type", "object");
        assertThat(read.readOnly()).isTrue();
    }

    @Test
    void anAllowListServesOnlyTheToolsItNames() {
        ToolTester tester = tester(exposure(Map.of(), Optional.empty(), Set.of("write"), Set.of()));

        assertThat(tester.bulwark().tools()).extracting(Tool::name).containsExactly("files_write");
    }

    @Test
    void aCallPassesTheArgumentsAndReturnsTheUpstreamsContentAndStructuredResult() {
        ToolTester tester = tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));

        CallOutcome<Object> outcome = tester.call("files_read", Map.of("path", "a.txt"));

        assertThat(outcome.success()).isTrue();
        assertThat(outcome.text()).isEqualTo("contents of a.txt");
        assertThat(outcome.structured()).isEqualTo(Map.of("bytes", 11));
        assertThat(upstream.calls).containsExactly("read {path=a.txt}");
        assertThat(audit).singleElement().satisfies(record -> {
            assertThat(record.kind()).isEqualTo(AuditRecord.Kind.TOOL);
            assertThat(record.tool()).isEqualTo("files_read");
            assertThat(record.upstream()).isEqualTo("files");
        });
    }

    @Test
    void theUpstreamsScopeIsRequiredBeforeAnythingIsSent() {
        ToolTester tester = tester(exposure(Map.of(), Optional.of("upstream:files"), Set.of(), Set.of()));

        CallOutcome<Object> refused = tester.caller("someone", "tools:read").call("files_read", Map.of("path", "a"));
        CallOutcome<Object> allowed =
                tester.caller("someone", "upstream:files").call("files_read", Map.of("path", "a"));

        assertThat(refused.success()).isFalse();
        assertThat(refused.text()).contains("upstream:files");
        assertThat(allowed.success()).isTrue();
        assertThat(upstream.calls).containsExactly("read {path=a}");
    }

    @Test
    void anUpstreamFailureIsAnsweredWithoutTheUpstreamsOwnText() {
        ToolTester tester = tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        upstream.failure = UpstreamFailure.PROTOCOL_ERROR;

        CallOutcome<Object> failed = tester.call("files_read", Map.of("path", "a"));

        assertThat(failed.success()).isFalse();
        assertThat(failed.errorType()).isEqualTo("service_unavailable");
        assertThat(failed.text()).contains("Upstream 'files'").doesNotContain("db.internal", "hunter2");
    }

    @Test
    void aRequestTheUpstreamRefusesAsTheCallersErrorIsAnsweredWithTheUpstreamsMessage() {
        ToolTester tester = tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        upstream.failure = UpstreamFailure.CALLER_ERROR;
        upstream.upstreamMessage = "Invalid arguments: 'path' must be a relative path";

        CallOutcome<Object> refused = tester.call("files_read", Map.of("path", "/etc/passwd"));

        assertThat(refused.success()).isFalse();
        assertThat(refused.errorType()).isEqualTo("service_refused");
        assertThat(refused.text())
                .isEqualTo("Upstream 'files' refused files_read: Invalid arguments: 'path' must be a relative path.");
    }

    @Test
    void aBusyUpstreamIsAnsweredAsBusy() {
        ToolTester tester = tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        upstream.failure = UpstreamFailure.BUSY;

        assertThat(tester.call("files_read", Map.of("path", "a")).errorType()).isEqualTo("busy");
    }

    @Test
    void anErrorResultOfTheUpstreamToolIsAToolErrorWithItsText() {
        ToolTester tester = tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        upstream.errorResult = true;

        CallOutcome<Object> failed = tester.call("files_read", Map.of("path", "a"));

        assertThat(failed.success()).isFalse();
        assertThat(failed.errorType()).isEqualTo("upstream_tool_error");
        assertThat(failed.text()).contains("no such file");
    }

    @Test
    void aToolTheUpstreamNoLongerListsIsRefusedWithoutACall() {
        ToolTester tester = tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        upstream.listed = List.of();

        CallOutcome<Object> refused = tester.call("files_read", Map.of("path", "a"));

        assertThat(refused.success()).isFalse();
        assertThat(refused.text()).contains("not available now");
        assertThat(upstream.calls).isEmpty();
    }

    @Test
    void aCallPastItsDeadlineIsAnsweredAndTheUpstreamCallInterrupted() {
        ToolTester tester = tester(new GatewayTools.Exposure(
                "files", "files_", Map.of(), Optional.empty(), Set.of(), Set.of(), Duration.ofMillis(1)));
        upstream.hang = true;

        CallOutcome<Object> late = tester.call("files_read", Map.of("path", "a"));

        assertThat(late.success()).isFalse();
        assertThat(late.errorType()).isEqualTo("timeout");
        await().until(() -> upstream.interrupted);
    }

    @Test
    void anUpstreamDownAtStartGetsItsToolsWhenItConnectsAndTheChangeIsAnnounced() {
        List<UpstreamTool> tools = upstream.listed;
        upstream.listed = List.of();
        ToolTester tester = tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        assertThat(tester.bulwark().tools()).isEmpty();
        java.util.concurrent.atomic.AtomicInteger announced = new java.util.concurrent.atomic.AtomicInteger();
        tester.bulwark().catalogue().listen(announced::incrementAndGet);

        upstream.relist(tools);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(tester.bulwark().tools())
                        .extracting(Tool::name)
                        .containsExactly("files_read", "files_write", "files_delete"));
        assertThat(announced).hasValue(1);
        CallOutcome<Object> outcome = tester.call("files_read", Map.of("path", "a.txt"));
        assertThat(outcome.text()).isEqualTo("contents of a.txt");
    }

    @Test
    void aToolThatJoinsLaterWithHeaderArgumentsIsLeftOutAloneAndTheRestOfTheListJoins() {
        List<UpstreamTool> tools = upstream.listed;
        upstream.listed = List.of();
        ToolTester tester = tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        Map<String, Object> headed = Map.of(
                "type", "object", "properties", Map.of("region", Map.of("type", "string", "x-mcp-header", "Region")));
        List<UpstreamTool> relisted = new ArrayList<>(tools);
        relisted.add(1, new UpstreamTool("route", "", "Routes by region", headed, Optional.empty(), false));

        upstream.relist(relisted);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(tester.bulwark().tools())
                        .extracting(Tool::name)
                        .containsExactly("files_read", "files_write", "files_delete"));
        assertThat(tester.call("files_write", Map.of("path", "w")).success()).isTrue();
    }

    @Test
    void anUpstreamsListChangeIsReadAgainKeepingTheToolsThatDidNotChange() {
        ToolTester tester = tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        Tool<?, ?> read = tester.bulwark().catalogue().tool("files_read").orElseThrow();

        upstream.relist(List.of(
                upstream.listed.get(0),
                new UpstreamTool("copy", "", "Copies a file", Map.of("type", "object"), Optional.empty(), false)));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(tester.bulwark().tools())
                        .extracting(Tool::name)
                        .containsExactly("files_read", "files_copy"));
        assertThat(tester.bulwark().catalogue().tool("files_read")).containsSame(read);
        assertThat(tester.call("files_copy", Map.of("path", "b")).success()).isTrue();
        assertThat(upstream.calls).containsExactly("copy {path=b}");
    }

    private McpSyncClient client(Principal caller, List<List<McpSchema.Prompt>> heard) {
        InMemoryTransport transport = new InMemoryTransport(tester.bulwark().jsonMapper());
        tester.bulwark().serve(transport, caller);
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .promptsChangeConsumer(heard::add)
                .resourcesChangeConsumer(heardResources::add)
                .build();
        client.initialize();
        return client;
    }

    private final List<List<McpSchema.Resource>> heardResources = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static String text(McpSchema.ReadResourceResult result) {
        return ((McpSchema.TextResourceContents) result.contents().get(0)).text();
    }

    @Test
    void theUpstreamsResourcesAndTemplatesAreListedUnderItsNameAndReadByTheirOwnUri() {
        tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        McpSyncClient session = client(Principal.of("alice"), new ArrayList<>());

        assertThat(session.listResources().resources()).singleElement().satisfies(resource -> {
            assertThat(resource.uri()).isEqualTo("notes://files/readme");
            assertThat(resource.description()).isEqualTo("The readme");
        });
        assertThat(session.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("notes://files/by-name/{name}");
        String readme = text(session.readResource(new McpSchema.ReadResourceRequest("notes://files/readme")));
        String byName = text(session.readResource(new McpSchema.ReadResourceRequest("notes://files/by-name/ada")));

        assertThat(readme).isEqualTo("text of notes://readme");
        assertThat(byName).isEqualTo("text of notes://by-name/ada");
        assertThat(upstream.resourcesRead).containsExactly("notes://readme", "notes://by-name/ada");
        assertThat(audit)
                .extracting(AuditRecord::kind, AuditRecord::tool)
                .containsExactly(
                        tuple(AuditRecord.Kind.RESOURCE, "notes://files/readme"),
                        tuple(AuditRecord.Kind.RESOURCE, "notes://files/by-name/ada"));
        assertThat(audit).hasSize(2).first().satisfies(record -> {
            assertThat(record.tool()).isEqualTo("notes://files/readme");
            assertThat(record.upstream()).isEqualTo("files");
            assertThat(record.outcome()).isEqualTo("success");
        });
    }

    @Test
    void aCallerWithoutTheUpstreamsScopeNeitherSeesItsResourcesNorReadsThem() {
        tester(exposure(Map.of(), Optional.of("upstream:files"), Set.of(), Set.of()));
        McpSyncClient session = client(Principal.of("someone", "tools:read"), new ArrayList<>());

        assertThat(session.listResources().resources()).isEmpty();
        assertThat(session.listResourceTemplates().resourceTemplates()).isEmpty();
        assertThatThrownBy(() -> session.readResource(new McpSchema.ReadResourceRequest("notes://files/readme")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("upstream:files");
        assertThatThrownBy(() -> session.readResource(new McpSchema.ReadResourceRequest("notes://files/by-name/ada")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("upstream:files");
        assertThat(upstream.resourcesRead).isEmpty();
    }

    @Test
    void aCallerWithTheUpstreamsScopeSeesItsResources() {
        tester(exposure(Map.of(), Optional.of("upstream:files"), Set.of(), Set.of()));
        McpSyncClient session = client(Principal.of("someone", "upstream:files"), new ArrayList<>());

        assertThat(session.listResources().resources())
                .extracting(McpSchema.Resource::uri)
                .containsExactly("notes://files/readme");
        assertThat(session.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("notes://files/by-name/{name}");
    }

    @Test
    void anUpstreamFailureOrOversizeAnswerOfAReadIsAnsweredWithoutTheUpstreamsOwnText() {
        tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        McpSyncClient session = client(Principal.of("alice"), new ArrayList<>());

        upstream.failure = UpstreamFailure.PROTOCOL_ERROR;
        Throwable failed =
                catchThrowable(() -> session.readResource(new McpSchema.ReadResourceRequest("notes://files/readme")));
        upstream.failure = UpstreamFailure.RESULT_TOO_LARGE;
        Throwable tooLarge =
                catchThrowable(() -> session.readResource(new McpSchema.ReadResourceRequest("notes://files/readme")));

        assertThat(failed)
                .isInstanceOf(McpError.class)
                .hasMessageContaining("Upstream 'files'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("db.internal", "hunter2", "Exception"));
        assertThat(tooLarge).isInstanceOf(McpError.class).hasMessageContaining("larger than its limit");
        assertThat(audit)
                .extracting(AuditRecord::kind, AuditRecord::outcome)
                .containsExactly(tuple(AuditRecord.Kind.RESOURCE, "error"), tuple(AuditRecord.Kind.RESOURCE, "error"));
    }

    @Test
    void anUpstreamsResourceListChangeIsPassedOnToConnectedClients() {
        tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        McpSyncClient session = client(Principal.of("alice"), new ArrayList<>());

        upstream.relistResources(List.of(new UpstreamResource("notes://todo", "todo", "", "", "text/plain", false)));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(heardResources)
                        .anySatisfy(resources -> assertThat(resources)
                                .extracting(McpSchema.Resource::uri)
                                .containsExactly("notes://files/todo")));
        assertThat(text(session.readResource(new McpSchema.ReadResourceRequest("notes://files/todo"))))
                .isEqualTo("text of notes://todo");
        assertThat(session.listResourceTemplates().resourceTemplates()).isEmpty();
    }

    private static String text(McpSchema.GetPromptResult result) {
        return ((McpSchema.TextContent) result.messages().get(0).content()).text();
    }

    @Test
    void theUpstreamsPromptsAreListedUnderItsPrefixAndGotWithTheirArguments() {
        tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        McpSyncClient session = client(Principal.of("alice"), new ArrayList<>());

        assertThat(session.listPrompts().prompts()).singleElement().satisfies(prompt -> {
            assertThat(prompt.name()).isEqualTo("files_summarize");
            assertThat(prompt.description()).isEqualTo("Summarizes a file");
            assertThat(prompt.arguments()).singleElement().satisfies(argument -> {
                assertThat(argument.name()).isEqualTo("path");
                assertThat(argument.required()).isTrue();
            });
        });
        McpSchema.GetPromptResult got =
                session.getPrompt(new McpSchema.GetPromptRequest("files_summarize", Map.of("path", "a.txt")));

        assertThat(text(got)).isEqualTo("Summarize a.txt");
        assertThat(upstream.promptsGot).containsExactly("summarize {path=a.txt}");
        assertThat(audit).singleElement().satisfies(record -> {
            assertThat(record.kind()).isEqualTo(AuditRecord.Kind.PROMPT);
            assertThat(record.tool()).isEqualTo("files_summarize");
            assertThat(record.upstream()).isEqualTo("files");
            assertThat(record.principal()).isEqualTo("alice");
            assertThat(record.outcome()).isEqualTo("success");
            assertThat(record.errorType()).isEqualTo("none");
            assertThat(record.protocolEra()).isEqualTo(ProtocolEra.SESSIONS_2025_11_25.version());
        });
    }

    @Test
    void aRenamedPromptIsListedUnderItsNewName() {
        tester(exposure(Map.of("summarize", "summary"), Optional.empty(), Set.of(), Set.of()));

        assertThat(client(Principal.of("alice"), new ArrayList<>())
                        .listPrompts()
                        .prompts())
                .extracting(McpSchema.Prompt::name)
                .containsExactly("summary");
    }

    @Test
    void theUpstreamsScopeIsRequiredForItsPromptsBeforeAnythingIsSent() {
        tester(exposure(Map.of(), Optional.of("upstream:files"), Set.of(), Set.of()));
        McpSyncClient session = client(Principal.of("someone", "tools:read"), new ArrayList<>());

        assertThatThrownBy(
                        () -> session.getPrompt(new McpSchema.GetPromptRequest("files_summarize", Map.of("path", "a"))))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("upstream:files");
        assertThat(upstream.promptsGot).isEmpty();
    }

    @Test
    void anUpstreamFailureOfAPromptIsAnsweredWithoutTheUpstreamsOwnText() {
        tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        McpSyncClient session = client(Principal.of("alice"), new ArrayList<>());
        upstream.failure = UpstreamFailure.PROTOCOL_ERROR;

        assertThatThrownBy(
                        () -> session.getPrompt(new McpSchema.GetPromptRequest("files_summarize", Map.of("path", "a"))))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("Upstream 'files'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("db.internal", "hunter2", "Exception"));
        assertThat(audit).singleElement().satisfies(record -> {
            assertThat(record.kind()).isEqualTo(AuditRecord.Kind.PROMPT);
            assertThat(record.tool()).isEqualTo("files_summarize");
            assertThat(record.upstream()).isEqualTo("files");
            assertThat(record.outcome()).isEqualTo("error");
            assertThat(record.errorType()).isEqualTo("service_unavailable");
        });
    }

    @Test
    void anUpstreamsPromptListChangeIsPassedOnToConnectedClients() {
        tester(exposure(Map.of(), Optional.empty(), Set.of(), Set.of()));
        List<List<McpSchema.Prompt>> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        McpSyncClient session = client(Principal.of("alice"), heard);

        upstream.relistPrompts(List.of(new UpstreamPrompt("explain", "", "Explains a file", List.of())));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(heard)
                        .anySatisfy(prompts -> assertThat(prompts)
                                .extracting(McpSchema.Prompt::name)
                                .containsExactly("files_explain")));
        assertThat(session.listPrompts().prompts())
                .extracting(McpSchema.Prompt::name)
                .containsExactly("files_explain");
        assertThatThrownBy(
                        () -> session.getPrompt(new McpSchema.GetPromptRequest("files_summarize", Map.of("path", "a"))))
                .isInstanceOf(McpError.class);
    }

    /** An upstream named {@code files} with the tools read, write and delete. */
    private static final class FakeUpstreams implements McpUpstreams {

        final List<String> calls = new ArrayList<>();
        volatile List<UpstreamTool> listed = List.of(
                new UpstreamTool("read", "", "Reads a file", Map.of("type", "object"), Optional.empty(), true),
                new UpstreamTool("write", "", "Writes a file", Map.of("type", "object"), Optional.empty(), false),
                new UpstreamTool("delete", "", "Deletes a file", Map.of("type", "object"), Optional.empty(), false));
        volatile UpstreamFailure failure;
        /** The upstream's own message of {@link #failure}, as the adapter passes on a caller's error. */
        volatile String upstreamMessage;

        volatile boolean errorResult;
        volatile boolean hang;
        volatile boolean interrupted;

        @Override
        public List<String> names() {
            return List.of("files");
        }

        @Override
        public List<UpstreamTool> tools(String upstream) {
            return upstream.equals("files") ? listed : List.of();
        }

        @Override
        public UpstreamResult call(String upstream, String tool, Map<String, Object> arguments) {
            synchronized (calls) {
                calls.add(tool + " " + arguments);
            }
            if (hang) {
                try {
                    new java.util.concurrent.CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    throw new UpstreamCallException(upstream, UpstreamFailure.CANCELLED, "Upstream files cancelled");
                }
            }
            if (failure != null) {
                throw new UpstreamCallException(upstream, failure, "Upstream files failed", upstreamMessage);
            }
            if (errorResult) {
                return new UpstreamResult(
                        List.of(Map.of("type", "text", "text", "no such file")), Optional.empty(), true);
            }
            return new UpstreamResult(
                    List.of(Map.of("type", "text", "text", "contents of " + arguments.get("path"))),
                    Optional.of(Map.of("bytes", 11)),
                    false);
        }

        final List<Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** Lists {@code tools} from now on and says so, as an upstream's {@code notifications/tools/list_changed}. */
        void relist(List<UpstreamTool> tools) {
            listed = tools;
            listeners.forEach(listener -> listener.accept("files"));
        }

        @Override
        public void onToolsChanged(Consumer<String> listener) {
            listeners.add(listener);
        }

        final List<String> promptsGot = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Consumer<String>> promptListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile List<UpstreamPrompt> promptsListed = List.of(new UpstreamPrompt(
                "summarize", "", "Summarizes a file", List.of(new UpstreamPrompt.Argument("path", "The file", true))));

        @Override
        public List<UpstreamPrompt> prompts(String upstream) {
            return upstream.equals("files") ? promptsListed : List.of();
        }

        @Override
        public UpstreamPromptResult prompt(String upstream, String prompt, Map<String, String> arguments) {
            promptsGot.add(prompt + " " + arguments);
            if (failure != null) {
                throw new UpstreamCallException(upstream, failure, "Upstream files failed");
            }
            return new UpstreamPromptResult(
                    "A summary",
                    List.of(new UpstreamPromptResult.Message(
                            "user", Map.of("type", "text", "text", "Summarize " + arguments.get("path")))));
        }

        /** Lists {@code prompts} from now on and says so, as an upstream's list change. */
        void relistPrompts(List<UpstreamPrompt> prompts) {
            promptsListed = prompts;
            promptListeners.forEach(listener -> listener.accept("files"));
        }

        @Override
        public void onPromptsChanged(Consumer<String> listener) {
            promptListeners.add(listener);
        }

        final List<String> resourcesRead = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Consumer<String>> resourceListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile List<UpstreamResource> resourcesListed = List.of(
                new UpstreamResource("notes://readme", "readme", "", "The readme", "text/plain", false),
                new UpstreamResource("notes://by-name/{name}", "note", "", "A note by name", "", true));

        @Override
        public List<UpstreamResource> resources(String upstream) {
            return upstream.equals("files") ? resourcesListed : List.of();
        }

        @Override
        public UpstreamResourceContents readResource(String upstream, String uri) {
            resourcesRead.add(uri);
            if (failure != null) {
                throw new UpstreamCallException(upstream, failure, "Upstream files failed: db.internal hunter2");
            }
            return new UpstreamResourceContents(
                    List.of(new UpstreamResourceContents.Item(uri, "text/plain", "text of " + uri, false)));
        }

        /** Lists {@code resources} from now on and says so, as an upstream's list change. */
        void relistResources(List<UpstreamResource> resources) {
            resourcesListed = resources;
            resourceListeners.forEach(listener -> listener.accept("files"));
        }

        @Override
        public void onResourcesChanged(Consumer<String> listener) {
            resourceListeners.add(listener);
        }
    }
}
