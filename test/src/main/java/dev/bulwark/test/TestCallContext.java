package dev.bulwark.test;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Root;
import dev.bulwark.core.SamplingResult;
import dev.bulwark.core.internal.presentation.era2026.ClientInputRound;
import dev.bulwark.ports.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link CallContext} with a fixed caller and request id that keeps the messages sent to the client.
 */
public final class TestCallContext implements CallContext {

    private final Principal principal;
    private final String requestId;
    private final String toolName;
    private final List<String> clientLog = new CopyOnWriteArrayList<>();
    private final Function<ClientRequest, ?> client;
    private final ClientInputRound round;
    private final AtomicInteger asks = new AtomicInteger();
    private final boolean asTask;
    /** The client features {@link #canAskClient} says may be asked, without a round. */
    private final Set<String> declared;

    /** A call of {@code toolName} by {@code tester} holding {@code scopes}, with request id {@code test-request}. */
    public TestCallContext(String toolName, String... scopes) {
        this(Principal.of("tester", scopes), "test-request", toolName);
    }

    /** A call of {@code toolName} by {@code caller}, with {@code requestId}. */
    public TestCallContext(Principal caller, String requestId, String toolName) {
        this(caller, requestId, toolName, null, null);
    }

    /**
     * A call whose asks {@code client} answers at once, as over a session; or, with a {@code round}, whose asks are
     * answered from that 2026-era input round.
     */
    TestCallContext(
            Principal caller,
            String requestId,
            String toolName,
            Function<ClientRequest, ?> client,
            ClientInputRound round) {
        this(caller, requestId, toolName, client, round, false, Set.of());
    }

    private TestCallContext(
            Principal caller,
            String requestId,
            String toolName,
            Function<ClientRequest, ?> client,
            ClientInputRound round,
            boolean asTask,
            Set<String> declared) {
        this.principal = Objects.requireNonNull(caller, "caller");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.toolName = Objects.requireNonNull(toolName, "toolName");
        this.client = client;
        this.round = round;
        this.asTask = asTask;
        this.declared = Set.copyOf(declared);
    }

    /**
     * The same call run as a task ({@link CallContext#runsAsTask()}), with a client log of its own: to test a handler
     * that refuses work that must not run unattended.
     */
    public TestCallContext asTask() {
        return new TestCallContext(principal, requestId, toolName, client, round, true, declared);
    }

    /**
     * The same call, whose client declared {@code features} ({@code sampling}, {@code elicitation}, {@code roots}):
     * {@link #canAskClient} says true for them, to test a handler that asks only what the client can answer. A call
     * answered from a 2026-era round says what its round's client declared instead.
     */
    public TestCallContext declaring(String... features) {
        return new TestCallContext(principal, requestId, toolName, client, round, asTask, Set.of(features));
    }

    /** What {@link #declaring} gave, or for a 2026-era round, what its client declared; false by default. */
    @Override
    public boolean canAskClient(String feature) {
        return round != null ? round.canAsk(feature) : declared.contains(feature);
    }

    @Override
    public boolean runsAsTask() {
        return asTask;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String toolName() {
        return toolName;
    }

    @Override
    public void reportProgress(double progress, Double total, String message) {
        clientLog.add("progress " + progress + "/" + total + ": " + message);
    }

    @Override
    public void logToClient(String message) {
        clientLog.add(message);
    }

    @Override
    public SamplingResult sample(String prompt, int maxTokens) {
        return askOne("sampling", key -> ClientRequest.sampling(key, prompt, maxTokens), ClientAnswers::sampling);
    }

    @Override
    public ElicitationResult elicit(String message, Map<String, Object> requestedSchema) {
        return askOne(
                "elicitation",
                key -> ClientRequest.elicitation(key, message, requestedSchema),
                ClientAnswers::elicitation);
    }

    @Override
    public List<Root> roots() {
        return askOne("roots", ClientRequest::roots, ClientAnswers::roots);
    }

    @Override
    public ClientAnswers ask(ClientRequest... requests) {
        if (round != null) {
            return round.ask(this, requests);
        }
        if (client == null) {
            throw new ClientFeatureUnavailableException(
                    toolName,
                    requests.length == 0 ? "input" : requests[0].feature(),
                    "this test call has no client; use ToolTester.answering");
        }
        ClientRequest.requireDistinctKeys(requests);
        Map<String, Object> answers = new LinkedHashMap<>();
        for (ClientRequest request : requests) {
            answers.put(request.key(), client.apply(request));
        }
        return new ClientAnswers(answers);
    }

    /** Progress and log messages sent so far, in order. */
    public List<String> clientLog() {
        return List.copyOf(clientLog);
    }

    /** The answer to the one request {@code asking} makes with the next key of {@code feature}. */
    private <T> T askOne(
            String feature, Function<String, ClientRequest> asking, BiFunction<ClientAnswers, String, T> reading) {
        if (round != null) {
            return round.askOne(this, feature, asking, reading);
        }
        String key = feature + "-" + asks.incrementAndGet();
        return reading.apply(ask(asking.apply(key)), key);
    }
}
