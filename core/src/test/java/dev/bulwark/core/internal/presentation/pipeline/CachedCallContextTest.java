package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.ALICE;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.BOB;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.CanonicalJson;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.core.internal.data.cache.CacheGateway;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.core.internal.testing.FakeCallContext;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A call that waits for an identical cached call is completed by the thread that ends that call: its own later
 * stages, and a run of its own, still log as this call (its request id in the MDC), never as the other.
 */
class CachedCallContextTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    /** The request id in the MDC when each call's outcome reached the stage outside the cache, by call. */
    private final Map<String, String> requestIdAfter = new ConcurrentHashMap<>();
    /** The request id in the MDC of each handler run, in order. */
    private final List<String> requestIdInHandler = new CopyOnWriteArrayList<>();

    private final CountDownLatch release = new CountDownLatch(1);
    private final Tool<?, ?> tool = echo(b -> b.cache(CachePolicy.shared()));

    @BeforeEach
    void installMdc() throws ReflectiveOperationException {
        MdcSupport.installWorkingMdc();
    }

    @AfterEach
    void stop() throws ReflectiveOperationException {
        executor.shutdownNow();
        MdcSupport.restore();
    }

    private ToolPipeline pipeline() {
        ToolInterceptor outside = (invocation, next) -> CallOutcomes.proceed(next, invocation)
                .whenComplete((result, failure) -> requestIdAfter.put(
                        invocation.context().requestId(),
                        String.valueOf(MDC.get(RequestContextInterceptor.REQUEST_ID))));
        CachingInterceptor caching = new CachingInterceptor(
                new ResultCache(
                        new CacheGateway(new InMemoryCacheStore(100, new ManualTicker()), new SimpleMeterRegistry())),
                new CacheKeys(new CanonicalJson(mapper)),
                mapper,
                Duration.ofMinutes(5),
                true);
        ToolCallChain handler = invocation -> {
            requestIdInHandler.add(String.valueOf(MDC.get(RequestContextInterceptor.REQUEST_ID)));
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return CompletableFuture.completedFuture(TestTools.textResult("x"));
        };
        return new ToolPipeline(
                List.of(
                        new RequestContextInterceptor(),
                        outside,
                        caching,
                        new ResilienceInterceptor(executor, Duration.ofSeconds(30), 10, 10)),
                handler);
    }

    private CompletableFuture<CallToolResult> call(
            ToolPipeline pipeline, Principal caller, String requestId, CallCancellation cancellation) {
        return pipeline.executeAsync(new ToolInvocation(
                tool, echoArgs("x"), new FakeCallContext(caller, requestId, tool.name()), cancellation));
    }

    private void awaitHandlerRuns(int runs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (requestIdInHandler.size() < runs) {
            assertThat(System.nanoTime()).as("the handler ran %d times", runs).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aWaitingCallsLaterStagesRunInItsOwnContext() throws Exception {
        ToolPipeline pipeline = pipeline();
        CompletableFuture<CallToolResult> first = call(pipeline, ALICE, "first", CallCancellation.create());
        awaitHandlerRuns(1);
        CompletableFuture<CallToolResult> second = call(pipeline, BOB, "second", CallCancellation.create());

        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);

        assertThat(requestIdAfter).containsEntry("first", "first").containsEntry("second", "second");
        assertThat(requestIdInHandler).containsExactly("first");
    }

    @Test
    void aWaitingCallThatGoesOnAsItsOwnRunsItsHandlerInItsOwnContext() throws Exception {
        ToolPipeline pipeline = pipeline();
        CallCancellation firstsClient = CallCancellation.create();
        call(pipeline, ALICE, "first", firstsClient);
        awaitHandlerRuns(1);
        CompletableFuture<CallToolResult> second = call(pipeline, BOB, "second", CallCancellation.create());

        firstsClient.cancel();
        awaitHandlerRuns(2);
        release.countDown();
        second.get(30, TimeUnit.SECONDS);

        assertThat(requestIdInHandler).containsExactly("first", "second");
        assertThat(requestIdAfter).containsEntry("second", "second");
    }
}
