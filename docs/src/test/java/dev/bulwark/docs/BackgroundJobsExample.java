package dev.bulwark.docs;

// tool-authors:start
import dev.bulwark.core.AcceptedCall;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCallAugmentation;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepts a call that carries {@code params.background} as a job, answers with its id, and runs it after: here, or,
 * for {@code "durable"}, from a durable queue in whichever process takes it.
 */
final class BackgroundJobsExample {

    /** What a durable job keeps: the call's params as received, and its caller. */
    record StoredJob(String job, Map<String, Object> params, String caller, Set<String> scopes) {}

    private final Map<String, CompletionStage<Map<String, Object>>> jobs = new ConcurrentHashMap<>();
    private final Queue<StoredJob> durable; // in production: a table or a stream

    BackgroundJobsExample(Queue<StoredJob> durable) {
        this.durable = durable;
    }

    Extension extension() {
        return Extension.builder("com.example/background")
                .augmentsToolCalls(new ToolCallAugmentation() {
                    @Override
                    public boolean augments(Tool<?, ?> tool, Map<String, Object> params) {
                        return params.containsKey("background");
                    }

                    @Override
                    public boolean startsTheRunLater(Tool<?, ?> tool) {
                        return true;
                    }

                    @Override
                    public Map<String, Object> answer(
                            Tool<?, ?> tool, Map<String, Object> params, ExtensionContext context) {
                        String job = "job-" + UUID.randomUUID();
                        if ("durable".equals(params.get("background"))) {
                            Principal caller = context.principal();
                            durable.add(new StoredJob(job, params, caller.subject(), caller.scopes()));
                        } else {
                            AcceptedCall call = context.acceptedCall();
                            jobs.put(job, call.start(job, new CompletableFuture<Void>()));
                        }
                        return Map.of("content", List.of(Map.of("type", "text", "text", job)));
                    }
                })
                .build();
    }

    /** Runs a job taken from the durable queue, in this process or another one after a restart. */
    CompletionStage<Map<String, Object>> run(Bulwark bulwark, StoredJob stored) {
        RequestOrigin origin = RequestOrigin.of(new Principal(stored.caller(), stored.scopes()));
        AcceptedCall call = bulwark.acceptedCalls().of(stored.params(), origin);
        return call.start(stored.job(), new CompletableFuture<Void>());
    }

    /** The result of {@code job} once its run here ends: the tool call's result object. */
    Optional<CompletionStage<Map<String, Object>>> result(String job) {
        return Optional.ofNullable(jobs.get(job));
    }
}
// tool-authors:end
