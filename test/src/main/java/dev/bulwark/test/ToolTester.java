package dev.bulwark.test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.era2026.ClientInputRound;
import dev.bulwark.core.internal.presentation.era2026.InputRequiredSignal;
import dev.bulwark.core.internal.presentation.era2026.SignedInputRounds;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs a tool through a real Bulwark pipeline, as a client's call runs.
 */
public final class ToolTester implements AutoCloseable {

    private static final TypeRef<Map<String, Object>> ARGUMENTS = new TypeRef<>() {};
    private static final ObjectNode ALL_CAPABILITIES = new ObjectMapper()
            .createObjectNode()
            .<ObjectNode>set("sampling", new ObjectMapper().createObjectNode())
            .<ObjectNode>set("elicitation", new ObjectMapper().createObjectNode())
            .set("roots", new ObjectMapper().createObjectNode());

    /** Rounds a 2026-era call may take before the tester gives up on a handler that keeps asking. */
    private static final int MAX_ROUNDS = 16;

    private final Bulwark bulwark;
    private final Principal caller;
    private final AtomicLong requests;
    private final Function<ClientRequest, ?> client;
    private final SignedInputRounds rounds;

    private ToolTester(
            Bulwark bulwark,
            Principal caller,
            AtomicLong requests,
            Function<ClientRequest, ?> client,
            SignedInputRounds rounds) {
        this.bulwark = bulwark;
        this.caller = caller;
        this.requests = requests;
        this.client = client;
        this.rounds = rounds;
    }

    /** A tester of a server with the default config ({@link BulwarkConfig#defaults()}) and these tools only. */
    public static ToolTester of(Tool<?, ?>... tools) {
        return of(Bulwark.builder(BulwarkConfig.defaults())
                .tools(Arrays.asList(tools))
                .build());
    }

    /**
     * A tester of {@code bulwark}: any config, packs, stores, clock, ticker or meter registry. The tester owns it:
     * closing the tester closes it.
     */
    public static ToolTester of(Bulwark bulwark) {
        return new ToolTester(Objects.requireNonNull(bulwark, "bulwark"), null, new AtomicLong(), null, null);
    }

    /** A tester of the same server whose calls run as {@code subject} holding exactly {@code scopes}. */
    public ToolTester caller(String subject, String... scopes) {
        return new ToolTester(bulwark, Principal.of(subject, scopes), requests, client, rounds);
    }

    /**
     * A tester of the same server whose calls run as over a session (the 2025 session era): each sampling, elicitation or
     * roots request of the handler is answered at once by {@code client}, with an
     * {@link dev.bulwark.core.ElicitationResult}, a {@link dev.bulwark.core.SamplingResult} or a {@code List<Root>}.
     * Without a client, every ask fails with {@code client_feature_unavailable}.
     */
    public ToolTester answering(Function<ClientRequest, ?> client) {
        return new ToolTester(bulwark, caller, requests, Objects.requireNonNull(client, "client"), null);
    }

    /**
     * A tester of the same server whose calls run as a 2026-era client's (multi round-trip requests): a
     * handler that asks for something not answered yet ends with {@code input_required}; the tester has
     * {@code client} answer every input request and sends the call again with the answers and the request state,
     * until the call completes. So the handler runs once per round, as it does on a real server: a test can check
     * that nothing happens twice. The client declares sampling, elicitation and roots.
     */
    public ToolTester answeringInRounds(Function<ClientRequest, ?> client) {
        return new ToolTester(
                bulwark,
                caller,
                requests,
                Objects.requireNonNull(client, "client"),
                new SignedInputRounds(bulwark.config().requestState()));
    }

    /** Calls the tool registered as {@code toolName} with {@code arguments}, the JSON object a client sends. */
    public CallOutcome<Object> call(String toolName, Map<String, ?> arguments) {
        return run(registered(toolName), Object.class, arguments);
    }

    /**
     * Calls the tool registered under {@code tool}'s name with {@code arguments}, the JSON object a client sends,
     * and reads its structured result as {@code tool}'s output type.
     */
    public <O> CallOutcome<O> call(Tool<?, O> tool, Map<String, ?> arguments) {
        return run(registered(tool.name()), tool.outputType(), arguments);
    }

    /**
     * Calls the tool registered under {@code tool}'s name with {@code input}, written as the JSON object a client
     * sends, and reads its structured result as {@code tool}'s output type.
     */
    public <I, O> CallOutcome<O> call(Tool<I, O> tool, I input) {
        Objects.requireNonNull(input, "input");
        return call(tool, bulwark.jsonMapper().convertValue(input, ARGUMENTS));
    }

    /** The server the calls run on: its meters, health and config. */
    public Bulwark bulwark() {
        return bulwark;
    }

    /** Closes the server: stops its handler executor. */
    @Override
    public void close() {
        bulwark.close();
    }

    private Tool<?, ?> registered(String toolName) {
        Objects.requireNonNull(toolName, "toolName");
        return bulwark.tools().stream()
                .filter(tool -> tool.name().equals(toolName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tool '" + toolName + "' is registered; the"
                        + " server has "
                        + bulwark.tools().stream().map(Tool::name).collect(Collectors.joining(", ", "[", "]"))));
    }

    /** Runs the call as a 2026-era client does: again with the client's answers, as long as the handler asks. */
    private CallToolResult inRounds(Tool<?, ?> tool, Map<String, ?> arguments, Principal principal, String requestId) {
        ObjectMapper json = new ObjectMapper();
        RoundTripClient answers = new RoundTripClient(client);
        ObjectNode params = json.createObjectNode().put("name", tool.name());
        params.set("arguments", json.valueToTree(arguments));
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            ClientInputRound opened = rounds.open("tools/call", params, ALL_CAPABILITIES, principal);
            CallToolResult result = null;
            try {
                result = bulwark.call(
                        tool,
                        arguments,
                        new TestCallContext(principal, requestId + "-" + round, tool.name(), null, opened));
            } catch (InputRequiredSignal asked) {
                // answered below, from the round
            }
            Optional<ObjectNode> inputRequired = opened.inputRequired();
            if (inputRequired.isEmpty()) {
                return result;
            }
            params.set("inputResponses", answers.answer(inputRequired.get().get("inputRequests")));
            params.set("requestState", inputRequired.get().get("requestState"));
        }
        throw new AssertionError(
                "Tool '" + tool.name() + "' still asks the client for input after " + MAX_ROUNDS + " rounds");
    }

    private <O> CallOutcome<O> run(Tool<?, ?> tool, Class<O> outputType, Map<String, ?> arguments) {
        Objects.requireNonNull(arguments, "arguments");
        Principal principal = caller != null
                ? caller
                : Principal.of("tester", tool.requiredScopes().toArray(String[]::new));
        String requestId = "test-" + requests.incrementAndGet();
        CallToolResult result = rounds == null
                ? bulwark.call(tool, arguments, new TestCallContext(principal, requestId, tool.name(), client, null))
                : inRounds(tool, arguments, principal, requestId);
        if (result.structuredContent() == null || Boolean.TRUE.equals(result.isError())) {
            return CallOutcome.of(result, null);
        }
        try {
            return CallOutcome.of(result, bulwark.jsonMapper().convertValue(result.structuredContent(), outputType));
        } catch (RuntimeException e) {
            return CallOutcome.unreadable(result, e);
        }
    }
}
