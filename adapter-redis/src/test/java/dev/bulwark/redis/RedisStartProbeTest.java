package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The start's {@code PING} waits long enough for a Sentinel set's primary to be found first: asking the Sentinels may
 * take more than one operation timeout, and a healthy set must not be logged as not answering.
 */
class RedisStartProbeTest {

    @Test
    void aSentinelSetWhoseFirstSentinelIsSlowIsLoggedAsAnsweringAtStart() throws IOException {
        Logger log = (Logger) LoggerFactory.getLogger(RedisConnection.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        // Accepts connections (the kernel does, from its backlog) and answers nothing: asking it takes a whole
        // operation timeout before the next Sentinel is asked.
        try (ServerSocket silentSentinel = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String sentinels = RedisTopology.SENTINEL.url().substring("redis-sentinel://".length());
            String url = "redis-sentinel://127.0.0.1:" + silentSentinel.getLocalPort() + "," + sentinels;
            try (RedisConnection connection = RedisConnection.builder(RedisSettings.builder()
                            .url(url)
                            .operationTimeout(Duration.ofMillis(300))
                            .build())
                    .build()) {
                await("the start's PING is logged")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> logged.list.stream().anyMatch(RedisStartProbeTest::aboutTheStart));
                assertThat(logged.list.stream().filter(RedisStartProbeTest::aboutTheStart))
                        .extracting(ILoggingEvent::getFormattedMessage)
                        .containsExactly("Redis answered: the cache and rate limits are shared through Redis");
            }
        } finally {
            log.detachAppender(logged);
        }
    }

    @Test
    void theStartsPingMayTakeTwoConnectionsAndThreeAnswers() {
        assertThat(RedisConnection.startProbeBound(Duration.ofSeconds(2), Duration.ofMillis(250)))
                .isEqualTo(Duration.ofMillis(4_750));
    }

    private static boolean aboutTheStart(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        return message.startsWith("Redis answered") || message.contains("did not answer at start");
    }
}
