package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.AcceptedCall;
import dev.bulwark.core.internal.business.tasks.TaskOutcome;
import dev.bulwark.core.internal.presentation.pipeline.RequestIds;
import dev.bulwark.ports.origin.RequestOrigin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link AcceptedCall} of a {@code tools/call} an augmentation accepted to run later: its params as the client
 * sent them, run once by the dispatcher as their caller. Thread-safe.
 */
final class AcceptedRun implements AcceptedCall {

    /** Runs the {@code tools/call} of {@code params} through the pipeline: the dispatcher's. */
    @FunctionalInterface
    interface Runs {
        CompletableFuture<TaskOutcome> run(
                String runId, ObjectNode params, RequestOrigin origin, CompletableFuture<Void> cancelled);
    }

    private final String toolName;
    private final ObjectNode params;
    private final RequestOrigin origin;
    private final ObjectMapper mapper;
    private final Runs runs;
    private final AtomicBoolean started = new AtomicBoolean();

    AcceptedRun(String toolName, ObjectNode params, RequestOrigin origin, ObjectMapper mapper, Runs runs) {
        this.toolName = Objects.requireNonNull(toolName, "toolName");
        this.params = Objects.requireNonNull(params, "params").deepCopy();
        this.origin = Objects.requireNonNull(origin, "origin");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    @Override
    public String toolName() {
        return toolName;
    }

    /**
     * Runs the params without the answer's own: its signed request state and the Tasks extension's {@code task}
     * hint; its request id is {@code runId}.
     */
    @Override
    public CompletionStage<Map<String, Object>> start(String runId, CompletionStage<?> cancellation) {
        return start(runId, cancellation, origin);
    }

    /**
     * Starts the call's run as a run of a task, whose handler is told so: Bulwark's own Tasks extension's, which an
     * embedder's accepted call is not.
     */
    CompletionStage<Map<String, Object>> startAsTask(String runId, CompletionStage<?> cancellation) {
        return start(runId, cancellation, origin.toBuilder().taskRun(true).build());
    }

    /**
     * Checks the stored form of an accepted call before it is rebuilt, each problem named for the embedder.
     *
     * @throws IllegalArgumentException naming what {@code params} or {@code origin} lack or hold wrongly
     */
    static void checkStored(ObjectNode params, RequestOrigin origin) {
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new IllegalArgumentException(
                    "params.name is required: the name of the tool called, a string, as the call was received");
        }
        for (String object : new String[] {"arguments", Era2026Protocol.META, "inputResponses"}) {
            JsonNode value = params.get(object);
            if (value != null && !value.isNull() && !value.isObject()) {
                throw new IllegalArgumentException("params." + object + " must be an object, as the call was"
                        + " received, but is " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (origin.caller().isEmpty()) {
            throw new IllegalArgumentException("origin.caller is required: the caller the call was accepted for, as"
                    + " stored (its subject and scopes); the run is that caller's");
        }
    }

    private CompletionStage<Map<String, Object>> start(
            String runId, CompletionStage<?> cancellation, RequestOrigin runsAs) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(cancellation, "cancellation");
        if (!RequestIds.isSafe(runId)) {
            throw new IllegalArgumentException(
                    "runId must be letters, digits and . _ : - only, at most 128" + " characters, such as 'job:42'");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(
                    "the accepted call of tool '" + toolName + "' was started already: an accepted call runs once");
        }
        ObjectNode run = params.deepCopy();
        run.remove("requestState");
        run.remove("task");
        JsonNode meta = run.get(Era2026Protocol.META);
        ObjectNode target = meta instanceof ObjectNode existing ? existing : run.putObject(Era2026Protocol.META);
        target.put(RequestIds.META_KEY, runId);
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        cancellation.whenComplete((done, failure) -> cancelled.complete(null));
        try {
            return runs.run(runId, run, runsAs, cancelled).thenApply(this::result);
        } catch (RuntimeException failure) { // failed as the run: the answer that started it is already sent
            return CompletableFuture.failedFuture(failure);
        }
    }

    @SuppressWarnings("unchecked") // a JSON object: string keys
    private Map<String, Object> result(TaskOutcome outcome) {
        if (outcome.inputRequests() != null) {
            Map<String, Object> asked = new LinkedHashMap<>();
            asked.put("resultType", "input_required");
            asked.put("inputRequests", mapper.convertValue(outcome.inputRequests(), Map.class));
            return asked;
        }
        if (outcome.error() != null) {
            throw new RunRefusedException(
                    outcome.error().path("code").asInt(),
                    outcome.error().path("message").asText());
        }
        return mapper.convertValue(outcome.result(), Map.class);
    }
}
