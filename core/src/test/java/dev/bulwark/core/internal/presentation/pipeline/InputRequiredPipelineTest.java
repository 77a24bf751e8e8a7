package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.ALICE;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.RequestStateSettings;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.CanonicalJson;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.core.internal.business.ratelimit.ToolRateLimiter;
import dev.bulwark.core.internal.data.cache.CacheGateway;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.core.internal.data.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.core.internal.data.ratelimit.RateLimitGateway;
import dev.bulwark.core.internal.presentation.era2026.ClientInputRound;
import dev.bulwark.core.internal.presentation.era2026.InputRequiredSignal;
import dev.bulwark.core.internal.presentation.era2026.SignedInputRounds;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A handler that asks an MCP 2026-07-28 client for input it has not given yet, in the standard pipeline: the signal
 * comes out untouched (no error result), nothing is cached, the call is audited and counted as
 * {@code input_required} (not an error), and its concurrency slot is free at once; on every execution mode.
 */
class InputRequiredPipelineTest {

    private static final Map<String, Object> FORM =
            Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string")));

    private final ObjectMapper mapper = new ObjectMapper();
    private final ManualTicker ticker = new ManualTicker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AuditLogCapture audit = new AuditLogCapture();
    private final SignedInputRounds rounds = new SignedInputRounds(RequestStateSettings.defaults());
    private final AtomicInteger handlerRuns = new AtomicInteger();
    private final ToolPipeline pipeline = StandardPipeline.create(
            BulwarkConfig.defaults(),
            new ToolRateLimiter(RateLimitGateway.local(new InMemoryRateLimitStore(ticker)), registry),
            new ResultCache(new CacheGateway(new InMemoryCacheStore(100, ticker), registry)),
            new CacheKeys(new CanonicalJson(mapper)),
            mapper,
            registry,
            ticker,
            executor);

    @BeforeEach
    void captureAuditLog() {
        audit.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        audit.stop();
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A cached tool, one call at a time, that greets whoever the user says they are. */
    private Tool<Map, Void> greeter(Tool.Execution execution) {
        return Tool.builder("greeter", Map.class, Void.class)
                .description("Greets the user by the name they give")
                .cache(CachePolicy.shared(Duration.ofMinutes(5)))
                .maxConcurrency(1)
                .execution(execution)
                .handler((input, context) -> {
                    handlerRuns.incrementAndGet();
                    ElicitationResult answer = context.elicit("Your name?", FORM);
                    return ToolResult.text("Hello, " + answer.content().get("name"));
                })
                .build();
    }

    private ClientInputRound round(String responses, String state) {
        ObjectNode params = mapper.createObjectNode().put("name", "greeter");
        params.putObject("arguments");
        if (responses != null) {
            params.set("inputResponses", readTree(responses));
        }
        if (state != null) {
            params.put("requestState", state);
        }
        return rounds.open("tools/call", params, readTree("{\"elicitation\":{}}"), ALICE);
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ToolInvocation invocation(Tool<?, ?> tool, ClientInputRound round) {
        return new ToolInvocation(tool, Map.of(), new RoundContext(round, tool.name()));
    }

    private String stateAfterFirstRound(Tool<?, ?> tool) {
        ClientInputRound first = round(null, null);
        assertThatThrownBy(() -> pipeline.execute(invocation(tool, first))).isInstanceOf(InputRequiredSignal.class);
        return first.inputRequired().orElseThrow().get("requestState").textValue();
    }

    @ParameterizedTest
    @EnumSource(Tool.Execution.class)
    void theSignalComesOutUntouchedAndNothingIsCached(Tool.Execution execution) {
        Tool<Map, Void> tool = greeter(execution);

        String state = stateAfterFirstRound(tool);
        stateAfterFirstRound(tool);
        assertThat(handlerRuns).hasValue(2); // the first round's call was not cached

        CallToolResult answered = pipeline.execute(invocation(
                tool, round("{\"elicitation-1\":{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}}}", state)));
        assertThat(answered.isError()).isFalse();
        assertThat(TestTools.text(answered)).isEqualTo("Hello, Alice");
        assertThat(ResultMeta.get(answered, ResultMeta.CACHE)).isEqualTo("miss");
    }

    @ParameterizedTest
    @EnumSource(Tool.Execution.class)
    void theCallIsAuditedAndCountedAsInputRequiredNotAsAnError(Tool.Execution execution) {
        stateAfterFirstRound(greeter(execution));

        assertThat(audit.onlyLine())
                .containsEntry("outcome", "input_required")
                .containsEntry("error_type", "input_required")
                .containsEntry("tool", "greeter");
        assertThat(registry.get("mcp.tool.calls")
                        .tags("tool", "greeter", "outcome", "input_required")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("mcp.requests")
                        .tags("status", "input_required")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.find("mcp.errors").counters())
                .allSatisfy(errors -> assertThat(errors.count()).isZero());
        assertThat(registry.find("mcp.errors")
                        .tags("error_type", "input_required")
                        .counter())
                .isNull();
    }

    @ParameterizedTest
    @EnumSource(Tool.Execution.class)
    void theConcurrencySlotIsFreeAtOnce(Tool.Execution execution) {
        Tool<Map, Void> tool = greeter(execution); // one call at a time

        for (int i = 0; i < 3; i++) {
            stateAfterFirstRound(tool); // never "server busy": each asking call gave its slot back
        }
        assertThat(handlerRuns).hasValue(3);
    }

    @ParameterizedTest
    @EnumSource(Tool.Execution.class)
    void severalInputsAreAskedInOneRoundThroughThePipeline(Tool.Execution execution) {
        Tool<Map, Void> tool = Tool.builder("two", Map.class, Void.class)
                .description("Asks two things at once")
                .execution(execution)
                .handler((input, context) -> {
                    ClientAnswers answers = context.ask(
                            ClientRequest.elicitation("name", "Name?", FORM),
                            ClientRequest.elicitation("city", "City?", FORM));
                    return ToolResult.text(answers.elicitation("name").content().get("name") + " of "
                            + answers.elicitation("city").content().get("name"));
                })
                .build();
        ObjectNode params = mapper.createObjectNode().put("name", "two");
        params.putObject("arguments");
        ClientInputRound first = rounds.open("tools/call", params, readTree("{\"elicitation\":{}}"), ALICE);

        assertThatThrownBy(() -> pipeline.execute(invocation(tool, first))).isInstanceOf(InputRequiredSignal.class);
        assertThat(first.inputRequired().orElseThrow().get("inputRequests").size())
                .isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Tool.Execution.class)
    void aCallThatSharedAnotherCallsSignalRunsItsOwnHandler(Tool.Execution execution) {
        CachingInterceptor caching = new CachingInterceptor(
                new ResultCache(new CacheGateway(new InMemoryCacheStore(100, ticker), registry)),
                new CacheKeys(new CanonicalJson(mapper)),
                mapper,
                Duration.ofMinutes(1),
                true);
        Tool<Map, Void> tool = greeter(execution);
        ToolInvocation mine = invocation(tool, round(null, null));
        AtomicInteger proceeded = new AtomicInteger();

        // The computation this call shares ends with another call's signal; this call then runs for itself.
        CallToolResult result = SyncCalls.run(caching, mine, invocation -> {
            if (proceeded.getAndIncrement() == 0) {
                throw new InputRequiredSignal(new Object());
            }
            return TestTools.textResult("own run");
        });

        assertThat(TestTools.text(result)).isEqualTo("own run");
        assertThat(proceeded).hasValue(2);
    }

    /** The call context of a 2026-07-28 request, as far as a handler's asks go. */
    private static final class RoundContext implements CallContext {

        private final ClientInputRound round;
        private final String tool;

        RoundContext(ClientInputRound round, String tool) {
            this.round = round;
            this.tool = tool;
        }

        @Override
        public Principal principal() {
            return ALICE;
        }

        @Override
        public String requestId() {
            return REQUEST_ID;
        }

        @Override
        public String toolName() {
            return tool;
        }

        @Override
        public void reportProgress(double progress, Double total, String message) {}

        @Override
        public void logToClient(String message) {}

        @Override
        public ElicitationResult elicit(String message, Map<String, Object> requestedSchema) {
            String key = round.nextKey("elicitation");
            return ask(ClientRequest.elicitation(key, message, requestedSchema)).elicitation(key);
        }

        @Override
        public ClientAnswers ask(ClientRequest... requests) {
            return round.ask(this, requests);
        }
    }
}
