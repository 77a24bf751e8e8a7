package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.upstream.UpstreamCallException;
import dev.bulwark.ports.upstream.UpstreamFailure;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.ports.upstream.UpstreamPromptResult;
import dev.bulwark.ports.upstream.UpstreamResource;
import dev.bulwark.ports.upstream.UpstreamResourceContents;
import dev.bulwark.ports.upstream.UpstreamResult;
import dev.bulwark.ports.upstream.UpstreamTool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpClientUpstreamsTest {

    @TempDir
    Path dir;

    private final List<McpClientUpstreams> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(McpClientUpstreams::close);
    }

    private Path record() {
        return dir.resolve("record.txt");
    }

    private UpstreamSettings.Builder fake(String name) {
        List<String> command = FakeUpstream.command();
        return UpstreamSettings.builder(name)
                .transport("stdio")
                .command(command.get(0))
                .args(command.subList(1, command.size()))
                .env(Map.of("FAKE_RECORD", record().toString()));
    }

    private McpClientUpstreams start(Map<String, String> environment, UpstreamSettings... upstreams) {
        McpClientUpstreams built = McpClientUpstreams.builder()
                .upstreams(List.of(upstreams))
                .environment(environment)
                .startTimeout(Duration.ofSeconds(60))
                .build();
        started.add(built);
        built.start();
        return built;
    }

    private McpClientUpstreams start(UpstreamSettings... upstreams) {
        return start(Map.of(), upstreams);
    }

    private List<String> recorded() throws IOException {
        return Files.exists(record()) ? Files.readAllLines(record(), StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void autoSpeaks2025ToAStdioChildThatRefusesDiscoveryOnTheSameChild() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        McpClientUpstreams upstreams =
                start(fake("fake").era(UpstreamSettings.Era.AUTO).build());
        upstreams.metrics().bindTo(registry);

        UpstreamResult result = upstreams.call("fake", "echo", Map.of("text", "in 2025"));

        assertThat(result.content()).containsExactly(Map.of("type", "text", "text", "echo: in 2025"));
        assertThat(recorded()).contains("refused server/discover");
        assertThat(recorded()).filteredOn("started"::equals).hasSize(1);
        assertThat(registry.get("bulwark.upstream.era")
                        .tag("upstream", "fake")
                        .tag("era", "2025-11-25")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void era2026LeavesAStdioChildThatRefusesDiscoveryUnconnected() throws IOException {
        McpClientUpstreams upstreams =
                start(fake("fake").era(UpstreamSettings.Era.V2026_07_28).build());

        assertThat(upstreams.tools("fake")).isEmpty();
        assertThat(upstreams.healthIndicators().get(0).check().status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(recorded()).contains("refused server/discover").noneMatch(line -> line.startsWith("capabilities"));
    }

    @Test
    void listsAStdioUpstreamsToolsAndCallsOne() {
        McpClientUpstreams upstreams = start(fake("fake").build());

        assertThat(upstreams.tools("fake")).extracting(UpstreamTool::name).contains("echo", "slow", "huge");
        assertThat(upstreams.tools("fake"))
                .filteredOn(tool -> tool.name().equals("echo"))
                .singleElement()
                .satisfies(tool -> assertThat(tool.readOnly()).isTrue());
        UpstreamResult result = upstreams.call("fake", "echo", Map.of("text", "hello"));

        assertThat(result.error()).isFalse();
        assertThat(result.content()).containsExactly(Map.of("type", "text", "text", "echo: hello"));
        assertThat(result.structured()).contains(Map.of("text", "hello"));
        assertThat(upstreams.healthIndicators()).singleElement().satisfies(indicator -> {
            assertThat(indicator.name()).isEqualTo("upstream:fake");
            assertThat(indicator.check().status()).isEqualTo(ComponentStatus.UP);
        });
    }

    @Test
    void aToolsListedTaskSupportIsKeptFromItsListing() {
        McpClientUpstreams upstreams = start(fake("fake").build());

        assertThat(upstreams.tools("fake"))
                .filteredOn(tool -> List.of("report", "maybe_report", "echo").contains(tool.name()))
                .extracting(UpstreamTool::name, UpstreamTool::taskSupport)
                .containsExactlyInAnyOrder(
                        tuple("echo", TaskSupport.FORBIDDEN),
                        tuple("report", TaskSupport.REQUIRED),
                        tuple("maybe_report", TaskSupport.OPTIONAL));
    }

    @Test
    void eachUpstreamsTaskSupportIsItsSettingsWhetherItIsConnectedOrNot() {
        McpClientUpstreams upstreams = McpClientUpstreams.builder()
                .upstreams(List.of(
                        fake("tasks").taskSupport(TaskSupport.OPTIONAL).build(),
                        fake("plain").build()))
                .build();
        started.add(upstreams);

        assertThat(upstreams.taskSupport("tasks")).isEqualTo(TaskSupport.OPTIONAL);
        assertThat(upstreams.taskSupport("plain")).isEqualTo(TaskSupport.FORBIDDEN);
        assertThat(upstreams.taskSupport("unknown")).isEqualTo(TaskSupport.FORBIDDEN);
    }

    @Test
    void aToolThatRequiresTasksIsCalledAsAnUpstreamTaskAndAnsweredWithItsResult() throws IOException {
        McpClientUpstreams upstreams = start(fake("fake").build());

        UpstreamResult result = upstreams.call("fake", "report", Map.of("text", "q3"));

        assertThat(result.error()).isFalse();
        assertThat(result.content()).containsExactly(Map.of("type", "text", "text", "built task-report-q3"));
        assertThat(recorded()).contains("task report", "tasks/result task-report-q3");
        assertThat(upstreams.call("fake", "maybe_report", Map.of("text", "q4")).content())
                .as("a tool that takes tasks optionally is called plainly")
                .containsExactly(Map.of("type", "text", "text", "built at once q4"));
    }

    @Test
    void anUpstreamTaskGivenUpOnIsCancelledWithTasksCancel() {
        McpClientUpstreams upstreams =
                start(fake("fake").timeout(Duration.ofMillis(1500)).build());

        assertThatThrownBy(() -> upstreams.call("fake", "slow_report", Map.of("text", "q1")))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.TIMEOUT));

        await().untilAsserted(() -> assertThat(recorded()).contains("tasks/cancel task-slow_report-q1"));
    }

    @Test
    void theChildGetsOnlyTheEnvironmentItsConfigurationNames() {
        McpClientUpstreams upstreams = start(
                Map.of("PASSED", "yes", "NOT_NAMED", "secret"),
                fake("fake").passEnv(Set.of("PASSED", "ABSENT")).build());

        String names = upstreams
                .call("fake", "env", Map.of())
                .content()
                .get(0)
                .get("text")
                .toString();

        assertThat(names.split(",")).containsExactlyInAnyOrder("FAKE_RECORD", "PASSED");
    }

    @Test
    void aCallThatHangsTimesOutAndIsCancelledUpstream() {
        McpClientUpstreams upstreams =
                start(fake("fake").timeout(Duration.ofMillis(500)).build());

        assertThatThrownBy(() -> upstreams.call("fake", "slow", Map.of()))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.TIMEOUT));

        await().untilAsserted(() -> assertThat(recorded()).anyMatch(line -> line.startsWith("cancelled ")));
    }

    @Test
    void interruptingTheCallerCancelsTheCallUpstream() throws Exception {
        McpClientUpstreams upstreams = start(fake("fake").build());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                upstreams.call("fake", "slow", Map.of());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        caller.start();
        await().until(() -> upstreams.metricsInUse("fake") == 1);

        caller.interrupt();
        caller.join();

        assertThat(failure.get())
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.CANCELLED));
        await().untilAsserted(() -> assertThat(recorded()).anyMatch(line -> line.startsWith("cancelled ")));
    }

    @Test
    void anOversizeResultIsCutOffAndTheNextCallIsServed() {
        McpClientUpstreams upstreams = start(fake("fake").maxResultBytes(4096).build());

        assertThatThrownBy(() -> upstreams.call("fake", "huge", Map.of("bytes", 10_000_000)))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.RESULT_TOO_LARGE));
        assertThatThrownBy(() -> upstreams.call("fake", "huge", Map.of("bytes", 8_000)))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.RESULT_TOO_LARGE));
        assertThat(upstreams.call("fake", "echo", Map.of("text", "after")).error())
                .isFalse();
    }

    @Test
    void garbageOnTheWireIsIgnoredAndTheAnswerStillArrives() {
        McpClientUpstreams upstreams = start(fake("fake").build());

        assertThat(upstreams.call("fake", "garbage", Map.of()).content())
                .containsExactly(Map.of("type", "text", "text", "still here"));
    }

    @Test
    void anUpstreamsErrorReachesTheCallerWithoutItsText() {
        McpClientUpstreams upstreams = start(fake("fake").build());

        assertThatThrownBy(() -> upstreams.call("fake", "fail", Map.of()))
                .isInstanceOfSatisfying(UpstreamCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(UpstreamFailure.PROTOCOL_ERROR);
                    assertThat(e.getMessage()).doesNotContain("db.internal", "hunter2", "5432");
                });
    }

    @Test
    void aChildThatDiesIsStartedAgainAndServesAgain() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        McpClientUpstreams upstreams = start(fake("fake").build());
        upstreams.metrics().bindTo(registry);

        assertThatThrownBy(() -> upstreams.call("fake", "crash", Map.of()))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.UNAVAILABLE));

        await().atMost(Duration.ofSeconds(60))
                .ignoreException(UpstreamCallException.class)
                .untilAsserted(() -> {
                    assertThat(recorded()).filteredOn("started"::equals).hasSize(2);
                    assertThat(upstreams
                                    .call("fake", "echo", Map.of("text", "again"))
                                    .error())
                            .isFalse();
                });
        assertThat(registry.get("bulwark.upstream.restarts")
                        .tag("upstream", "fake")
                        .functionCounter()
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(registry.get("bulwark.upstream.calls")
                        .tags("upstream", "fake", "outcome", "success")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aCommandThatCannotStartLeavesTheUpstreamDownWithoutHoldingTheStart() {
        McpClientUpstreams upstreams = McpClientUpstreams.builder()
                .upstreams(List.of(UpstreamSettings.builder("broken")
                        .transport("stdio")
                        .command(dir.resolve("no-such-command").toString())
                        .build()))
                .startTimeout(Duration.ofHours(1))
                .build();
        started.add(upstreams);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        upstreams.metrics().bindTo(registry);
        CompletableFuture<Void> starting = CompletableFuture.runAsync(upstreams::start);

        await().atMost(Duration.ofSeconds(30)).until(starting::isDone);

        assertThat(upstreams.tools("broken")).isEmpty();
        assertThat(upstreams.healthIndicators().get(0).check().status()).isEqualTo(ComponentStatus.DOWN);
        assertThatThrownBy(() -> upstreams.call("broken", "echo", Map.of()))
                .isInstanceOfSatisfying(UpstreamCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(UpstreamFailure.UNAVAILABLE);
                    assertThat(e.getMessage()).doesNotContain("no-such-command", dir.toString());
                });
        await().untilAsserted(() -> assertThat(registry.get("bulwark.upstream.restarts")
                        .tag("upstream", "broken")
                        .functionCounter()
                        .count())
                .isGreaterThanOrEqualTo(2));
    }

    @Test
    void anUpstreamDownAtStartIsConnectedAndServesOnceItAnswers() throws IOException {
        Path gate = dir.resolve("gate");
        McpClientUpstreams upstreams = McpClientUpstreams.builder()
                .upstreams(List.of(fake("late")
                        .env(Map.of("FAKE_RECORD", record().toString(), "FAKE_GATE", gate.toString()))
                        // a child that exits during the handshake must fail the attempt at once, not after this
                        .timeout(Duration.ofHours(1))
                        .build()))
                .startTimeout(Duration.ofHours(1))
                .build();
        started.add(upstreams);
        CompletableFuture<Void> starting = CompletableFuture.runAsync(upstreams::start);
        await().atMost(Duration.ofSeconds(60)).until(starting::isDone);
        assertThat(upstreams.tools("late")).isEmpty();
        assertThat(upstreams.healthIndicators().get(0).check().status()).isEqualTo(ComponentStatus.DOWN);

        Files.writeString(gate, "open");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(upstreams.tools("late")).extracting(UpstreamTool::name).contains("echo");
            assertThat(upstreams.healthIndicators().get(0).check().status()).isEqualTo(ComponentStatus.UP);
        });
        assertThat(upstreams.call("late", "echo", Map.of("text", "late")).error())
                .isFalse();
        assertThat(recorded()).contains("refused");
    }

    @Test
    void aChildKilledMidCallFailsTheCallAtOnceAndIsStartedAgain() throws Exception {
        McpClientUpstreams upstreams = McpClientUpstreams.builder()
                .upstreams(List.of(fake("fake").timeout(Duration.ofHours(1)).build()))
                .pingInterval(Duration.ofHours(1))
                .startTimeout(Duration.ofSeconds(60))
                .build();
        started.add(upstreams);
        upstreams.start();
        long pid = recorded().stream()
                .filter(line -> line.startsWith("pid "))
                .mapToLong(line -> Long.parseLong(line.substring(4)))
                .findFirst()
                .orElseThrow();
        CompletableFuture<UpstreamResult> hanging =
                CompletableFuture.supplyAsync(() -> upstreams.call("fake", "slow", Map.of()));
        await().until(() -> upstreams.metricsInUse("fake") == 1);

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(hanging::isDone);
        assertThat(hanging).isCompletedExceptionally();
        assertThatThrownBy(hanging::join)
                .hasCauseInstanceOf(UpstreamCallException.class)
                .cause()
                .satisfies(
                        e -> assertThat(((UpstreamCallException) e).failure()).isEqualTo(UpstreamFailure.UNAVAILABLE));
        await().atMost(Duration.ofSeconds(60))
                .ignoreException(UpstreamCallException.class)
                .untilAsserted(() -> {
                    assertThat(recorded()).filteredOn("started"::equals).hasSize(2);
                    assertThat(upstreams
                                    .call("fake", "echo", Map.of("text", "again"))
                                    .error())
                            .isFalse();
                });
    }

    @Test
    void listsAnUpstreamsPromptsAndGetsOneWithItsArguments() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        McpClientUpstreams upstreams = start(fake("fake").build());
        upstreams.metrics().bindTo(registry);

        assertThat(upstreams.prompts("fake"))
                .filteredOn(prompt -> prompt.name().equals("greet"))
                .singleElement()
                .satisfies(prompt -> {
                    assertThat(prompt.description()).isEqualTo("The fake's greet");
                    assertThat(prompt.arguments())
                            .containsExactly(new UpstreamPrompt.Argument("who", "Whom to greet", true));
                });
        UpstreamPromptResult result = upstreams.prompt("fake", "greet", Map.of("who", "Ada"));

        assertThat(result.description()).isEqualTo("A greeting");
        assertThat(result.messages())
                .containsExactly(
                        new UpstreamPromptResult.Message("user", Map.of("type", "text", "text", "Hello, Ada!")));
        assertThat(registry.find("bulwark.upstream.calls")
                        .tags("upstream", "fake", "outcome", "success")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aPromptOverTheCapOrFailingUpstreamIsRefusedWithoutTheUpstreamsText() {
        McpClientUpstreams upstreams = start(fake("fake").maxResultBytes(4096).build());

        assertThatThrownBy(() -> upstreams.prompt("fake", "huge_prompt", Map.of("who", "8000")))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.RESULT_TOO_LARGE));
        assertThatThrownBy(() -> upstreams.prompt("fake", "fail_prompt", Map.of("who", "Ada")))
                .isInstanceOfSatisfying(UpstreamCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(UpstreamFailure.PROTOCOL_ERROR);
                    assertThat(e.getMessage()).doesNotContain("db.internal", "hunter2", "5432");
                });
        assertThat(upstreams.prompt("fake", "greet", Map.of("who", "Ada")).messages())
                .hasSize(1);
    }

    @Test
    void aPromptThatHangsTimesOutAndIsCancelledUpstream() {
        McpClientUpstreams upstreams =
                start(fake("fake").timeout(Duration.ofMillis(500)).build());

        assertThatThrownBy(() -> upstreams.prompt("fake", "slow_prompt", Map.of("who", "Ada")))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.TIMEOUT));
        await().untilAsserted(() -> assertThat(recorded()).anyMatch(line -> line.startsWith("cancelled ")));
    }

    @Test
    void aPromptListChangeFromTheUpstreamRefreshesItsPrompts() {
        McpClientUpstreams upstreams = start(fake("fake").build());
        List<String> changed = new CopyOnWriteArrayList<>();
        upstreams.onPromptsChanged(changed::add);

        upstreams.call("fake", "add_prompt", Map.of("name", "fresh"));

        await().untilAsserted(() -> {
            assertThat(upstreams.prompts("fake"))
                    .extracting(UpstreamPrompt::name)
                    .contains("fresh");
            assertThat(changed).contains("fake");
        });
    }

    @Test
    void listsAnUpstreamsResourcesAndTemplatesAndReadsOneByItsOwnUri() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        McpClientUpstreams upstreams = start(fake("fake").build());
        upstreams.metrics().bindTo(registry);

        assertThat(upstreams.resources("fake"))
                .contains(
                        new UpstreamResource("fake://readme", "readme", "", "The fake's readme", "", false),
                        new UpstreamResource("fake://notes/{name}", "note", "", "", "text/plain", true));
        UpstreamResourceContents readme = upstreams.readResource("fake", "fake://readme");
        UpstreamResourceContents note = upstreams.readResource("fake", "fake://notes/ada");
        UpstreamResourceContents logo = upstreams.readResource("fake", "fake://logo");

        assertThat(readme.contents())
                .containsExactly(new UpstreamResourceContents.Item("fake://readme", "text/plain", "Read me.", false));
        assertThat(note.contents())
                .containsExactly(new UpstreamResourceContents.Item("fake://notes/ada", "", "note ada", false));
        assertThat(logo.contents())
                .containsExactly(new UpstreamResourceContents.Item("fake://logo", "image/png", "iVBORw0=", true));
        assertThat(registry.find("bulwark.upstream.calls")
                        .tags("upstream", "fake", "outcome", "success")
                        .counter()
                        .count())
                .isEqualTo(3.0);
    }

    @Test
    void aResourceOverTheCapFailingOrHangingIsRefusedWithoutTheUpstreamsText() {
        McpClientUpstreams upstreams = start(
                fake("fake").maxResultBytes(4096).timeout(Duration.ofSeconds(2)).build());

        assertThatThrownBy(() -> upstreams.readResource("fake", "fake://huge"))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.RESULT_TOO_LARGE));
        assertThatThrownBy(() -> upstreams.readResource("fake", "fake://fail"))
                .isInstanceOfSatisfying(UpstreamCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(UpstreamFailure.PROTOCOL_ERROR);
                    assertThat(e.getMessage()).doesNotContain("db.internal", "hunter2", "5432");
                });
        assertThatThrownBy(() -> upstreams.readResource("fake", "fake://slow"))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.TIMEOUT));
        await().untilAsserted(() -> assertThat(recorded()).anyMatch(line -> line.startsWith("cancelled ")));
        assertThat(upstreams.readResource("fake", "fake://readme").contents()).hasSize(1);
    }

    @Test
    void aResourceListChangeFromTheUpstreamRefreshesItsResources() {
        McpClientUpstreams upstreams = start(fake("fake").build());
        List<String> changed = new CopyOnWriteArrayList<>();
        upstreams.onResourcesChanged(changed::add);

        upstreams.call("fake", "add_resource", Map.of("name", "fresh"));

        await().untilAsserted(() -> {
            assertThat(upstreams.resources("fake"))
                    .extracting(UpstreamResource::uri)
                    .contains("fake://fresh");
            assertThat(upstreams.resources("fake"))
                    .filteredOn(UpstreamResource::template)
                    .hasSize(1);
            assertThat(changed).contains("fake");
        });
    }

    @Test
    void aListChangeFromTheUpstreamRefreshesItsTools() {
        McpClientUpstreams upstreams = start(fake("fake").build());
        List<String> changed = new CopyOnWriteArrayList<>();
        upstreams.onToolsChanged(changed::add);

        upstreams.call("fake", "add_tool", Map.of("name", "fresh"));

        await().untilAsserted(() -> {
            assertThat(upstreams.tools("fake")).extracting(UpstreamTool::name).contains("fresh");
            assertThat(changed).contains("fake");
        });
    }

    @Test
    void aCallBeyondTheConcurrencyLimitIsRefusedAtOnce() {
        McpClientUpstreams upstreams = start(fake("fake").maxConcurrency(1).build());
        CompletableFuture<UpstreamResult> hanging =
                CompletableFuture.supplyAsync(() -> upstreams.call("fake", "slow", Map.of()));
        await().until(() -> upstreams.metricsInUse("fake") == 1);

        assertThatThrownBy(() -> upstreams.call("fake", "echo", Map.of("text", "x")))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.BUSY));
        assertThat(hanging).isNotDone();
    }

    @Test
    void theBreakerOpensAfterFailuresInARowAndRefusesWithoutSending() {
        McpClientUpstreams upstreams = start(fake("fake")
                .timeout(Duration.ofMillis(300))
                .breakerFailures(2)
                .breakerOpen(Duration.ofMinutes(5))
                .build());
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> upstreams.call("fake", "slow", Map.of()))
                    .isInstanceOf(UpstreamCallException.class);
        }

        assertThatThrownBy(() -> upstreams.call("fake", "echo", Map.of("text", "x")))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.CIRCUIT_OPEN));
    }

    @Test
    void anUpstreamThatHangsDoesNotHoldCallsToAnother() {
        McpClientUpstreams upstreams = start(fake("stuck").build(), fake("fine").build());
        List<CompletableFuture<UpstreamResult>> hanging = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hanging.add(CompletableFuture.supplyAsync(() -> upstreams.call("stuck", "slow", Map.of())));
        }
        await().until(() -> upstreams.metricsInUse("stuck") == 4);

        assertThat(upstreams.call("fine", "echo", Map.of("text", "free")).error())
                .isFalse();
        assertThat(hanging).noneMatch(CompletableFuture::isDone);
    }

    @Test
    void closingStopsTheChild() throws IOException {
        McpClientUpstreams upstreams = start(fake("fake").build());
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        assertThat(children).isNotEmpty();

        upstreams.close();

        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }
}
