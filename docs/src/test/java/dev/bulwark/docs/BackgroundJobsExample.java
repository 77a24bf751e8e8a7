package dev.bulwark.docs;

// tool-authors:start
import dev.bulwark.core.AcceptedCall;
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCallAugmentation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Accepts a call that carries {@code params.background} as a job, answers with its id, and runs it after. */
final class BackgroundJobsExample {

    private final Map<String, CompletionStage<Map<String, Object>>> jobs = new ConcurrentHashMap<>();

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
                        AcceptedCall call = context.acceptedCall();
                        jobs.put(job, call.start(job, new CompletableFuture<Void>()));
                        return Map.of("content", List.of(Map.of("type", "text", "text", job)));
                    }
                })
                .build();
    }

    /** The result of {@code job} once its run ends: the tool call's result object. */
    Optional<CompletionStage<Map<String, Object>>> result(String job) {
        return Optional.ofNullable(jobs.get(job));
    }
}
// tool-authors:end
