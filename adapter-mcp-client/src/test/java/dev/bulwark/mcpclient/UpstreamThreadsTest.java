package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls to an HTTP upstream, one after another, in each era: the threads the JVM started while they ran are counted,
 * so that a thread started per call shows.
 */
class UpstreamThreadsTest {

    private static final int CALLS = 60;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FakeHttpUpstream upstream;
    private McpClientUpstreams upstreams;

    @AfterEach
    void stop() throws Exception {
        if (upstreams != null) {
            upstreams.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private McpClientUpstreams start(UpstreamSettings.Era era) throws IOException {
        upstream = new FakeHttpUpstream();
        upstreams = McpClientUpstreams.builder()
                .upstreams(List.of(UpstreamSettings.builder("fake")
                        .transport("http")
                        .url(upstream.url())
                        .era(era)
                        .build()))
                .environment(Map.of())
                .startTimeout(Duration.ofSeconds(60))
                .build();
        upstreams.start();
        return upstreams;
    }

    /** How many threads the JVM started while {@code CALLS} calls ran, after a few to warm the pools. */
    private static long threadsStartedByCalls(McpClientUpstreams upstreams) {
        for (int i = 0; i < 5; i++) {
            upstreams.call("fake", "echo", Map.of("text", "warm"));
        }
        long before = THREADS.getTotalStartedThreadCount();
        for (int i = 0; i < CALLS; i++) {
            upstreams.call("fake", "echo", Map.of("text", "hello " + i));
        }
        return THREADS.getTotalStartedThreadCount() - before;
    }

    @Test
    void callsInTheSessionEraStartNoThreadPerCall() throws IOException {
        McpClientUpstreams upstreams = start(UpstreamSettings.Era.V2025_11_25);

        assertThat(threadsStartedByCalls(upstreams)).isLessThan(CALLS / 4);
    }

    @Test
    void theSessionErasSendingThreadsEndWhenTheUpstreamsClose() throws IOException {
        McpClientUpstreams upstreams = start(UpstreamSettings.Era.V2025_11_25);
        upstreams.call("fake", "echo", Map.of("text", "hello"));
        Predicate<Thread> sender = thread -> thread.getName().equals("upstream-fake-http");
        assertThat(liveThreads(sender)).as("sending threads while serving").isPositive();

        upstreams.close();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(liveThreads(sender))
                        .as("sending threads after close")
                        .isZero());
    }

    private static long liveThreads(Predicate<Thread> which) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(which)
                .count();
    }
}
