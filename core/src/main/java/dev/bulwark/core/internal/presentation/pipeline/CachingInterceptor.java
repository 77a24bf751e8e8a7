package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.ToolCancelledException;
import dev.bulwark.core.internal.business.caching.CacheCodec;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.CachedValue;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.core.internal.presentation.era2026.InputRequiredSignal;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Serves the results of tools with a {@link CachePolicy} from the cache, and caches successful ones.
 */
final class CachingInterceptor implements ToolInterceptor {

    private final ResultCache cache;
    private final CacheKeys keys;
    private final CallToolResultCodec codec;
    private final Duration defaultTtl;
    private final boolean enabled;
    private final Executor reruns;

    /** Re-runs of calls whose computing call was cancelled run on the thread that cancelled it. */
    public CachingInterceptor(
            ResultCache cache, CacheKeys keys, ObjectMapper mapper, Duration defaultTtl, boolean enabled) {
        this(cache, keys, mapper, defaultTtl, enabled, Runnable::run);
    }

    /**
     * @param reruns where a call that waited for one its client cancelled goes on as a call of its own: not on the
     *     cancelling thread (over stdio, the input reader), which must not wait for its cache lookup or its handler
     */
    public CachingInterceptor(
            ResultCache cache,
            CacheKeys keys,
            ObjectMapper mapper,
            Duration defaultTtl,
            boolean enabled,
            Executor reruns) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.codec = new CallToolResultCodec(mapper);
        this.defaultTtl = Objects.requireNonNull(defaultTtl, "defaultTtl");
        this.enabled = enabled;
        this.reruns = Objects.requireNonNull(reruns, "reruns");
    }

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        Optional<CachePolicy> policy = invocation.tool().cachePolicy();
        if (!enabled || policy.isEmpty()) {
            return next.proceed(invocation);
        }
        ClientInputTracking input = invocation.context() instanceof ClientInputTracking tracking ? tracking : null;
        if (input != null && input.carriesClientAnswers()) {
            return next.proceed(invocation); // its result is its client's answers', not the arguments'
        }
        // Read together with the rate-limit decision, the key is already known (and the entry already read).
        String key = invocation.prefetched() != null
                ? invocation.prefetched().key()
                : keys.keyFor(
                        invocation.toolName(),
                        invocation.tool().schemaVersion(),
                        invocation.arguments(),
                        policy.get(),
                        invocation.context().principal());
        AtomicBoolean ranHere = new AtomicBoolean(); // whether this call computes, or waits for another
        CompletableFuture<CachedValue<CallToolResult>> outcome = cache.getOrCompute(
                key,
                policy.get().ttlOr(defaultTtl),
                input == null ? codec : unlessAsked(input),
                () -> {
                    ranHere.set(true);
                    return CallOutcomes.proceed(next, invocation);
                },
                invocation.prefetched());
        if (outcome.isDone() && !outcome.isCompletedExceptionally()) { // a hit, or a computation already done
            return CompletableFuture.completedFuture(marked(outcome.join()));
        }
        // Completed later by whichever thread completes the computing call, in that call's contexts: this call's
        // own stages (a re-run, and the pipeline's outer stages: log lines, the audit, spans) run in its own.
        CallScope scope = CallScope.current();
        CompletableFuture<CallToolResult> answer = new CompletableFuture<>();
        // A call waiting for an identical one holds no thread a cancellation could interrupt: it is answered as
        // cancelled at once, and the computing call and the others waiting go on.
        Runnable forgetCancel = ranHere.get()
                ? () -> {}
                : invocation
                        .cancellation()
                        .onCancel(() -> scope.run(
                                () -> answer.completeExceptionally(new ToolCancelledException(invocation.toolName()))));
        outcome.whenComplete((value, failure) -> scope.run(() -> {
            forgetCancel.run();
            if (answer.isDone()) {
                return; // cancelled while it waited: no re-run, no second answer
            }
            CompletableFuture<CallToolResult> own = failure == null
                    ? CompletableFuture.completedFuture(marked(value))
                    : afterFailure(invocation, next, CallOutcomes.causeOf(failure), ranHere.get());
            own.whenComplete((result, failed) -> scope.run(() -> {
                if (failed == null) {
                    answer.complete(result);
                } else {
                    answer.completeExceptionally(CallOutcomes.causeOf(failed));
                }
            }));
        }));
        return answer;
    }

    /**
     * The codec, but a result whose handler asked its client is neither stored nor shared with the calls that waited
     * for it: it holds that client's answers. Nor is a failure after it asked: it may come from that client.
     */
    private CacheCodec<CallToolResult> unlessAsked(ClientInputTracking input) {
        return new CacheCodec<>() {
            @Override
            public String encode(CallToolResult value) {
                return codec.encode(value);
            }

            @Override
            public CallToolResult decode(String text) {
                return codec.decode(text);
            }

            @Override
            public boolean isCacheable(CallToolResult value) {
                return !input.askedClient() && codec.isCacheable(value);
            }

            @Override
            public boolean isShareable(CallToolResult value) {
                return !input.askedClient(); // the calls that waited ask their own clients
            }

            @Override
            public boolean isFailureShareable() {
                return !input.askedClient(); // its client declined, or could not be asked: theirs may answer
            }
        };
    }

    /** The result, saying in its {@code _meta} whether it came from the cache. */
    private static CallToolResult marked(CachedValue<CallToolResult> outcome) {
        return ResultMeta.with(outcome.value(), Map.of(ResultMeta.CACHE, outcome.hit() ? "hit" : "miss"));
    }

    /** Runs {@code call} on the re-run executor, in this call's contexts; on this thread if the executor refuses. */
    private CompletableFuture<CallToolResult> rerun(Supplier<CompletableFuture<CallToolResult>> call) {
        CallScope scope = CallScope.current();
        CompletableFuture<CallToolResult> outcome = new CompletableFuture<>();
        Runnable run = () -> scope.run(() -> {
            try {
                call.get().whenComplete((result, failure) -> {
                    if (failure == null) {
                        outcome.complete(result);
                    } else {
                        outcome.completeExceptionally(CallOutcomes.causeOf(failure));
                    }
                });
            } catch (RuntimeException | Error e) {
                outcome.completeExceptionally(e); // never left unanswered
            }
        });
        try {
            reruns.execute(run);
        } catch (RejectedExecutionException full) {
            run.run();
        }
        return outcome;
    }

    /**
     * A failed call's outcome: its own failure, or, when it waited for a call that failed for that call's own
     * client, its own: when that client cancelled its call, this call goes on as a cached call of its own; when that
     * call's handler asked its 2026-era client for input, this call's handler runs, uncached. The thread that
     * handed this call over has long gone on: a call that goes on as a cached call of its own does so on the re-run
     * executor (not on the cancelling thread: over stdio, the input reader); an isolated handler runs on the tool
     * executor, a caller-thread one on the thread that ended the other call.
     */
    private CompletableFuture<CallToolResult> afterFailure(
            ToolInvocation invocation, ToolCallChain next, Throwable failure, boolean ranHere) {
        ToolInvocation later = invocation.withDeferredHandler(null);
        if (!ranHere
                && failure instanceof ToolCancelledException
                && !invocation.cancellation().isCancelled()) {
            return rerun(() -> CallOutcomes.proceed(again -> intercept(again, next), later));
        }
        if (failure instanceof InputRequiredSignal asked && !asked.raisedFor(invocation.context())) {
            return CallOutcomes.proceed(next, later);
        }
        if (!ranHere && failure instanceof ResultCache.NotShared) {
            return CallOutcomes.proceed(next, later); // the computing call asked its client: this one asks its own
        }
        return CompletableFuture.failedFuture(failure);
    }
}
